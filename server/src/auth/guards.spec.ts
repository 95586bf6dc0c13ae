import '../users/agent-profile.entity'; // the entities' import cycle resolves from this side, as in the app
import type { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { ErrorCode, Role } from '@ccr/shared';
import type { AppConfig } from '../config/config';
import type { RealtimeService } from '../realtime/realtime.service';
import type { UsersService } from '../users/users.service';
import type { AuthUser } from './auth-user';
import { bearerToken, JwtAuthGuard } from './guards';
import { TokenService } from './token.service';

describe('bearerToken', () => {
  it('takes the token of a Bearer header, the scheme in any case', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer  abc')).toBe('abc');
    expect(bearerToken('BEARER abc ')).toBe('abc');
  });

  it('finds none in other schemes, empty or missing headers', () => {
    for (const header of [undefined, '', 'Bearer', 'Bearer ', 'Basic abc', 'abc', 'Bearer a b']) expect(bearerToken(header)).toBeNull();
  });
});

/** The HTTP guard makes the same checks as a socket handshake, with the same answers as before it left passport. */
describe('JwtAuthGuard', () => {
  const account: AuthUser = { id: 'u-1', role: Role.AGENT, firstName: 'Ada', lastName: 'L', email: 'ada@example.test', tokenVersion: 2 };
  const config = { jwtSecret: 'a-test-secret-that-is-long-enough-for-hs256', jwtTtlSeconds: 900 } as AppConfig;

  function setup(opts: { lookup?: () => Promise<AuthUser | null>; current?: boolean; isPublic?: boolean } = {}) {
    const users = { findAuthUser: opts.lookup ?? (() => Promise.resolve(account)) } as unknown as UsersService;
    const tokens = new TokenService(new JwtService(), users, config);
    const realtime = { isCurrent: () => opts.current ?? true } as unknown as RealtimeService;
    const reflector = { getAllAndOverride: () => opts.isPublic ?? false } as unknown as Reflector;
    const guard = new JwtAuthGuard(reflector, tokens, realtime);
    const check = async (authorization?: string) => {
      const req: { headers: { authorization?: string }; user?: AuthUser } = { headers: { authorization } };
      const context = {
        getHandler: () => null,
        getClass: () => null,
        switchToHttp: () => ({ getRequest: () => req }),
      } as unknown as ExecutionContext;
      return { allowed: await guard.canActivate(context), user: req.user };
    };
    return {
      check,
      token: tokens.sign(account),
      other: new TokenService(new JwtService(), users, { ...config, jwtSecret: 'x'.repeat(48) }).sign(account),
    };
  }

  const refusal = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: { code: string; message: string }) => ({ code: e.code, message: e.message }),
    );

  it('lets a valid token in and puts its account on the request', async () => {
    const { check, token } = setup();
    const { allowed, user } = await check(`Bearer ${token}`);
    expect(allowed).toBe(true);
    expect(user).toMatchObject({ id: 'u-1', role: Role.AGENT, tokenVersion: 2 });
  });

  it('refuses a missing, malformed or foreign token with UNAUTHORIZED "Sign in to continue"', async () => {
    const { check, token, other } = setup();
    for (const header of [undefined, token, `Bearer ${token}x`, `Bearer ${other}`]) {
      expect(await refusal(check(header))).toEqual({ code: ErrorCode.UNAUTHORIZED, message: 'Sign in to continue' });
    }
  });

  it('refuses a token whose session ended: account gone, version changed, or revoked on any process', async () => {
    const gone = setup({ lookup: () => Promise.resolve(null) });
    const bumped = setup({ lookup: () => Promise.resolve({ ...account, tokenVersion: 3 }) });
    const revoked = setup({ current: false });
    for (const { check, token } of [gone, bumped, revoked]) {
      expect(await refusal(check(`Bearer ${token}`))).toEqual({
        code: ErrorCode.UNAUTHORIZED,
        message: 'Your session has ended; sign in again',
      });
    }
  });

  it('answers UNAVAILABLE when the database cannot be asked (the session is not ended)', async () => {
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' });
    const { check, token } = setup({ lookup: () => Promise.reject(down) });
    expect((await refusal(check(`Bearer ${token}`)))?.code).toBe(ErrorCode.UNAVAILABLE);
  });

  it('lets public routes through without a token', async () => {
    const { check } = setup({ isPublic: true });
    expect((await check(undefined)).allowed).toBe(true);
  });
});
