import '../users/agent-profile.entity'; // the entities' import cycle resolves from this side, as in the app
import { JwtService } from '@nestjs/jwt';
import { Role } from '@ccr/shared';
import type { AppConfig } from '../config/config';
import type { UsersService } from '../users/users.service';
import type { AuthUser } from './auth-user';
import { TokenService } from './token.service';

/** A reconnect storm brings every tab of a user at once: their handshakes share one account lookup. */
describe('token service: handshake account lookups', () => {
  const account: AuthUser = { id: 'u-1', role: Role.CUSTOMER, firstName: 'Ada', lastName: 'L', email: 'ada@example.test', tokenVersion: 0 };
  const config = { jwtSecret: 'a-test-secret-that-is-long-enough-for-hs256', jwtTtlSeconds: 900 } as AppConfig;

  function service(findAuthUser: (id: string) => Promise<AuthUser | null>) {
    const lookups: string[] = [];
    const users = {
      findAuthUser: (id: string) => {
        lookups.push(id);
        return findAuthUser(id);
      },
    } as unknown as UsersService;
    const tokens = new TokenService(new JwtService(), users, config);
    return { tokens, lookups, token: tokens.sign(account) };
  }

  it('five handshakes of one account at once look it up once, and all are let in', async () => {
    const waiting: ((u: AuthUser) => void)[] = [];
    let answered = false;
    const { tokens, lookups, token } = service((): Promise<AuthUser> =>
      answered ? Promise.resolve(account) : new Promise((resolve) => waiting.push(resolve)),
    );
    const handshakes = Array.from({ length: 5 }, () => tokens.verify(token, { forHandshake: true }));
    // Every handshake has checked its token and asked for the account before the database answers.
    for (let i = 0; i < 100 && waiting.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 50));
    answered = true;
    waiting.forEach((answer) => answer(account));
    const results = await Promise.all(handshakes);
    expect(results.map((r) => r?.user.id)).toEqual(['u-1', 'u-1', 'u-1', 'u-1', 'u-1']);
    expect(lookups).toEqual(['u-1']);
    // A request (not a handshake) always reads the account afresh.
    await tokens.verify(token);
    expect(lookups).toHaveLength(2);
  });

  it('a failed lookup is not remembered: the next handshake asks the database again', async () => {
    let fail = true;
    const { tokens, lookups, token } = service(() => (fail ? Promise.reject(new Error('database away')) : Promise.resolve(account)));
    await expect(tokens.verify(token, { forHandshake: true })).rejects.toThrow('database away');
    fail = false;
    expect((await tokens.verify(token, { forHandshake: true }))?.user.id).toBe('u-1');
    expect(lookups).toHaveLength(2);
  });

  it('a revocation forgets the account at once', async () => {
    const { tokens, lookups, token } = service(() => Promise.resolve(account));
    await tokens.verify(token, { forHandshake: true });
    await tokens.verify(token, { forHandshake: true });
    expect(lookups).toHaveLength(1);
    tokens.forgetRevoked({ userId: 'u-1', tokenVersion: 1 });
    await tokens.verify(token, { forHandshake: true });
    expect(lookups).toHaveLength(2);
  });
});
