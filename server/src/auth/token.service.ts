import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { OnEvent } from '@nestjs/event-emitter';
import { createSecretKey, type KeyObject } from 'node:crypto';
import { DomainEvents, type AgentChangedEvent, type SessionsRevokedEvent, type UserRenamedEvent } from '../common/domain-events';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { UsersService } from '../users/users.service';
import type { AuthUser, TokenPayload } from './auth-user';

/** How long a handshake or a request may reuse an account lookup (revocations and deactivations forget it at once). */
export const HANDSHAKE_USER_TTL_MS = 5000;
const HANDSHAKE_CACHE_MAX = 50_000;

/** Issues and verifies access tokens; a token is valid only while its version matches the account's. */
@Injectable()
export class TokenService {
  /**
   * The secret as a KeyObject: given a string, jsonwebtoken first tries (and fails) to parse it as a
   * public key on every call, which was the costliest step of a handshake.
   */
  private readonly key: KeyObject;
  private readonly recentUsers = new Map<string, { user: Promise<AuthUser | null>; until: number }>();

  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.key = createSecretKey(Buffer.from(config.jwtSecret));
  }

  sign(user: AuthUser): string {
    const payload: TokenPayload = {
      sub: user.id,
      role: user.role,
      tv: user.tokenVersion,
      at: user.authTime ?? Math.floor(Date.now() / 1000),
    };
    return this.jwt.sign(payload, { algorithm: 'HS256', expiresIn: this.config.jwtTtlSeconds, secret: this.key as never });
  }

  /**
   * The user behind a raw token, or null when it is forged, expired or revoked. Socket handshakes
   * (`forHandshake`) may reuse an account lookup for a few seconds — a reconnect storm brings every
   * tab of a user at once; the gateway also checks the revocations pushed from other processes.
   */
  async verify(token: unknown, opts: { forHandshake?: boolean } = {}): Promise<{ user: AuthUser; expiresAt: number } | null> {
    const payload = await this.payloadOf(token);
    if (!payload) return null;
    const user = await this.userForPayload(payload, opts.forHandshake ?? false);
    return user ? { user, expiresAt: payload.exp * 1000 } : null;
  }

  /** The claims of a raw token signed by us and not expired; null for anything else. */
  async payloadOf(token: unknown): Promise<(TokenPayload & { exp: number }) | null> {
    if (typeof token !== 'string' || !token) return null;
    try {
      return await this.jwt.verifyAsync<TokenPayload & { exp: number }>(token, { algorithms: ['HS256'], secret: this.key as never });
    } catch {
      return null;
    }
  }

  async userForPayload(payload: TokenPayload, cached = false): Promise<AuthUser | null> {
    if (typeof payload?.sub !== 'string' || typeof payload.tv !== 'number') return null;
    const user = cached ? await this.cachedAuthUser(payload.sub) : await this.users.findAuthUser(payload.sub);
    if (!user || user.tokenVersion !== payload.tv) return null;
    return { ...user, authTime: payload.at ?? payload.iat };
  }

  /** Concurrent handshakes of one account (every tab of a user after a restart) share the lookup under way. */
  private cachedAuthUser(id: string): Promise<AuthUser | null> {
    const now = Date.now();
    const hit = this.recentUsers.get(id);
    if (hit && hit.until > now) return hit.user;
    const entry = { user: this.users.findAuthUser(id), until: now + HANDSHAKE_USER_TTL_MS };
    if (this.recentUsers.size >= HANDSHAKE_CACHE_MAX) this.recentUsers.clear();
    this.recentUsers.set(id, entry);
    // A failed lookup (the database away) is not remembered: the next handshake asks again.
    entry.user.catch(() => this.recentUsers.get(id) === entry && this.recentUsers.delete(id));
    return entry.user;
  }

  @OnEvent(DomainEvents.SessionsRevoked)
  forgetRevoked({ userId }: SessionsRevokedEvent) {
    this.recentUsers.delete(userId);
  }

  @OnEvent(DomainEvents.AgentChanged)
  forgetAgent({ agentId }: AgentChangedEvent) {
    this.recentUsers.delete(agentId);
  }

  @OnEvent(DomainEvents.UserRenamed)
  @OnEvent(DomainEvents.UserRenamedElsewhere)
  forgetRenamed({ user }: UserRenamedEvent) {
    this.recentUsers.delete(user.id);
  }
}
