import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { RateLimitedError, RateLimitService } from './rate-limit.service';
import type { RateLimitName } from './rate-limits';

export type RateLimitKey = 'ip' | 'ip+email' | 'email';
export interface RateLimitRule {
  name: RateLimitName;
  by: RateLimitKey;
}

const RATE_LIMIT = 'rateLimit';
/** Applies the named limits to a route, counted per client IP, per IP and email, or per email. */
export const RateLimit = (...rules: RateLimitRule[]) => SetMetadata(RATE_LIMIT, rules);

function keyFor(req: Request, by: RateLimitKey): string {
  const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  const email = typeof req.body?.email === 'string' ? req.body.email.trim().toLowerCase().slice(0, 254) : '';
  if (by === 'ip') return ip;
  if (by === 'email') return email;
  return `${ip}|${email}`;
}

@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimitService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rules = this.reflector.get<RateLimitRule[] | undefined>(RATE_LIMIT, context.getHandler());
    if (!rules?.length) return true;
    const req = context.switchToHttp().getRequest<Request>();
    for (const rule of rules) {
      const { ok, retryAfterSeconds } = await this.limits.allow(rule.name, keyFor(req, rule.by));
      if (!ok) {
        context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfterSeconds));
        throw new RateLimitedError(retryAfterSeconds);
      }
    }
    return true;
  }
}
