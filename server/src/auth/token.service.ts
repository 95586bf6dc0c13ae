import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { UsersService } from '../users/users.service';
import type { AuthUser, TokenPayload } from './auth-user';

/** Issues and verifies access tokens; a token is valid only while its version matches the account's. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  sign(user: AuthUser): string {
    const payload: TokenPayload = { sub: user.id, role: user.role, tv: user.tokenVersion, at: user.authTime ?? Math.floor(Date.now() / 1000) };
    return this.jwt.sign(payload, { algorithm: 'HS256', expiresIn: this.config.jwtTtlSeconds });
  }

  /** The user behind a raw token, or null when it is forged, expired or revoked. */
  async verify(token: unknown): Promise<{ user: AuthUser; expiresAt: number } | null> {
    if (typeof token !== 'string' || !token) return null;
    let payload: TokenPayload & { exp: number };
    try {
      payload = await this.jwt.verifyAsync(token, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
    const user = await this.userForPayload(payload);
    return user ? { user, expiresAt: payload.exp * 1000 } : null;
  }

  async userForPayload(payload: TokenPayload): Promise<AuthUser | null> {
    if (typeof payload?.sub !== 'string' || typeof payload.tv !== 'number') return null;
    const user = await this.users.findAuthUser(payload.sub);
    if (!user || user.tokenVersion !== payload.tv) return null;
    return { ...user, authTime: payload.at ?? payload.iat };
  }
}
