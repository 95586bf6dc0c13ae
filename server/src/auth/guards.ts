import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import type { Role } from '@ccr/shared';
import { AppError, forbidden, unauthorized, unavailable } from '../common/app-error';
import { isDatabaseDown } from '../common/error-mapping';
import type { AuthUser } from './auth-user';
import { IS_PUBLIC, ROLES } from './decorators';

/** Global: every route needs a valid token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(private readonly reflector: Reflector) {
    super();
  }

  canActivate(context: ExecutionContext) {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    return super.canActivate(context);
  }

  handleRequest<T>(err: unknown, user: T): T {
    // A database outage while checking the token is 503, not a reason to sign the user out.
    if (err && isDatabaseDown(err)) throw unavailable();
    if (err instanceof AppError) throw err;
    if (err || !user) throw unauthorized();
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
