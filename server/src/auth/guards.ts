import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@ccr/shared';
import type { Request } from 'express';
import { AppError, forbidden, unauthorized, unavailable } from '../common/app-error';
import { isDatabaseDown } from '../common/error-mapping';
import type { AuthUser } from './auth-user';
import { IS_PUBLIC, ROLES } from './decorators';
import { TokenService } from './token.service';
import { RealtimeService } from '../realtime/realtime.service';

/** The token of an `Authorization: Bearer <token>` header (the scheme in any case), or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}

/**
 * Global: every route needs a valid token unless marked @Public(). The same checks as a socket handshake
 * (TokenService): the signature and expiry, then the account (a lookup that may be reused for a few seconds),
 * whose token version must match, and no revocation learned from any process since.
 *
 * Not passport's `authenticate`: it builds a strategy object per request (`Object.create(strategy)` with
 * closures over the request), which kept ≈ 10 % of the young generation alive through every scavenge at
 * 200 req/s — GC pauses of 6–9 ms every half second instead of 2–3 ms (bench/README.md, sixth session).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly realtime: RealtimeService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    req.user = await this.authenticate(bearerToken(req.headers.authorization));
    return true;
  }

  private async authenticate(token: string | null): Promise<AuthUser> {
    const payload = await this.tokens.payloadOf(token);
    if (!payload) throw unauthorized();
    let user: AuthUser | null;
    try {
      user = await this.tokens.userForPayload(payload, true);
    } catch (e) {
      // A database outage while checking the token is 503, not a reason to sign the user out.
      if (isDatabaseDown(e)) throw unavailable();
      if (e instanceof AppError) throw e;
      throw unauthorized();
    }
    if (!user || !this.realtime.isCurrent(user.id, user.tokenVersion)) throw unauthorized('Your session has ended; sign in again');
    return user;
  }
}

/** Global, after JwtAuthGuard: enforces @Roles(). */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES, [context.getHandler(), context.getClass()]);
    if (!roles?.length) return true;
    const user = context.switchToHttp().getRequest().user as AuthUser | undefined;
    if (!user || !roles.includes(user.role)) throw forbidden('Your role may not do this');
    return true;
  }
}
