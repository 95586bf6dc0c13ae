import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { createSecretKey } from 'node:crypto';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { unauthorized } from '../common/app-error';
import type { AuthUser, TokenPayload } from './auth-user';
import { TokenService } from './token.service';
import { RealtimeService } from '../realtime/realtime.service';

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly tokens: TokenService,
    private readonly realtime: RealtimeService,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      // A KeyObject, not the string: jsonwebtoken would otherwise try to parse it as a public key on every request.
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as string,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  /**
   * The account lookup may be reused for a few seconds (forgotten at once on a revocation or a
   * deactivation in this process); revocations made on other processes arrive through the adapter.
   */
  async validate(payload: TokenPayload): Promise<AuthUser> {
    const user = await this.tokens.userForPayload(payload, true);
    if (!user || !this.realtime.isCurrent(user.id, user.tokenVersion)) throw unauthorized('Your session has ended; sign in again');
    return user;
  }
}
