import { randomBytes } from 'node:crypto';
import { ErrorCode, type UserDto } from '@ccr/shared';
import { useTestApp } from '../helpers/app';
import { resetCode } from '../helpers/smtp';
import { next, sleep } from '../helpers/socket';

jest.setTimeout(60_000);

const fresh = () => `new-${randomBytes(4).toString('hex')}@example.test`;

/**
 * Changing one's email: the current password is asked, a code goes to the new address, and the
 * email changes only when that code comes back, at once for every open page and socket, with the
 * old address told. Sessions stay (the password did not change). Whatever is refused changes nothing.
 */
describe('email change', () => {
  const f = useTestApp({ smtp: true });
  const codeFor = async (to: string) => resetCode(await f.smtp.waitFor((m) => m.to.includes(to) && /confirmation code/.test(m.subject)))!;

  it('mails a code to the new address, and the email changes only when the code comes back', async () => {
    const { api } = f;
    const customer = await api.registerCustomer({ firstName: 'Carla' });
    expect((await api.get('/auth/email-change', customer.token).expect(200)).body).toEqual({ pending: null });
    const socket = await f.online(customer.token);
    const newEmail = fresh();

    const asked = await api
      .post('/auth/email-change', { newEmail: newEmail.toUpperCase(), password: customer.password }, customer.token)
      .expect(200);
    expect(asked.body).toEqual({ email: newEmail, expiresAt: expect.any(String) });
    expect(Date.parse(asked.body.expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    const code = await codeFor(newEmail);
    // The change waits for its code (a page reloaded meanwhile picks it up).
    expect((await api.get('/auth/email-change', customer.token).expect(200)).body).toEqual({ pending: asked.body });
    // Until then, nothing changed: the old address still signs in, the new one does not.
    expect((await api.get('/auth/me', customer.token).expect(200)).body.email).toBe(customer.email);
    await api.post('/auth/login', { email: newEmail, password: customer.password }).expect(401);

    const updated = next(socket, 'account:updated');
    const confirmed = await api.post('/auth/email-change/confirm', { code }, customer.token).expect(200);
    expect(confirmed.body).toMatchObject({ id: customer.user.id, email: newEmail, firstName: 'Carla' });
    // Every open page of the user learns it at once; this session goes on.
    await expect(updated).resolves.toMatchObject({ email: newEmail });
    expect((await api.get('/auth/email-change', customer.token).expect(200)).body).toEqual({ pending: null });
    expect((await api.get('/auth/me', customer.token).expect(200)).body.email).toBe(newEmail);
    await api.login(newEmail, customer.password);
    await api.post('/auth/login', { email: customer.email, password: customer.password }).expect(401);
    // The old address is told where the account went.
    const notice = await f.smtp.waitFor((m) => m.to.includes(customer.email) && /email was changed/.test(m.subject));
    expect(notice.raw).toContain(newEmail);
    // A code is good once.
    expect((await api.post('/auth/email-change/confirm', { code }, customer.token).expect(400)).body.message).toMatch(
      /code is wrong or has expired/,
    );
    // The old address is free again.
    await api.registerCustomer({ email: customer.email });
  });

  it('asks for the current password and a new, free address, and changes nothing otherwise', async () => {
    const { api, admin } = f;
    const customer = await api.registerCustomer();
    const other = await api.registerCustomer();
    const refused: [object, number, RegExp][] = [
      [{ newEmail: fresh(), password: 'not my password' }, 400, /password: the current password is incorrect/],
      [{ newEmail: customer.email, password: customer.password }, 400, /already your email/],
      [{ newEmail: other.email, password: customer.password }, 409, /an account with this email already exists/],
      [{ newEmail: admin.email.toUpperCase(), password: customer.password }, 409, /already exists/],
      [{ newEmail: 'not-an-address', password: customer.password }, 400, /newEmail must be a valid email address/],
      [{ newEmail: fresh() }, 400, /password/],
      [{ newEmail: fresh(), password: customer.password, role: 'ADMIN' }, 400, /role: should not exist/],
    ];
    for (const [body, status, message] of refused) {
      const res = await api.post('/auth/email-change', body, customer.token);
      expect([JSON.stringify(body), res.status]).toEqual([JSON.stringify(body), status]);
      expect(res.body.message).toMatch(message);
    }
    await sleep(200);
    expect(
      f.smtp.mails.filter(
        (m) => /confirmation code/.test(m.subject) && m.to.some((to) => [other.email, admin.email, customer.email].includes(to)),
      ),
    ).toEqual([]);
    expect((await api.get('/auth/me', customer.token).expect(200)).body.email).toBe(customer.email);
    await api.post('/auth/email-change', { newEmail: fresh(), password: customer.password }).expect(401);
  });

  it('kills a code after 5 wrong tries, keeps only the newest code, and sends at most 3 per 15 minutes', async () => {
    const { api } = f;
    const customer = await api.registerCustomer();
    const first = fresh();
    await api.post('/auth/email-change', { newEmail: first, password: customer.password }, customer.token).expect(200);
    const firstCode = await codeFor(first);
    const wrong = firstCode === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) await api.post('/auth/email-change/confirm', { code: wrong }, customer.token).expect(400);
    // Even the right code is refused now.
    await api.post('/auth/email-change/confirm', { code: firstCode }, customer.token).expect(400);
    expect((await api.get('/auth/email-change', customer.token).expect(200)).body).toEqual({ pending: null });

    // A second request ends the first's code: only the newest address can be confirmed.
    const second = fresh();
    await api.post('/auth/email-change', { newEmail: second, password: customer.password }, customer.token).expect(200);
    const secondCode = await codeFor(second);
    const third = fresh();
    const thirdCode = await codeFor(
      (await api.post('/auth/email-change', { newEmail: third, password: customer.password }, customer.token).expect(200)).body.email,
    );
    if (secondCode !== thirdCode) await api.post('/auth/email-change/confirm', { code: secondCode }, customer.token).expect(400);

    // The fourth code within 15 minutes is refused, with when to try again.
    const limited = await api.post('/auth/email-change', { newEmail: fresh(), password: customer.password }, customer.token).expect(429);
    expect(limited.body.error).toBe(ErrorCode.RATE_LIMITED);
    expect(limited.body.message).toMatch(/try again in \d+ seconds/);

    const me: UserDto = (await api.post('/auth/email-change/confirm', { code: thirdCode }, customer.token).expect(200)).body;
    expect(me.email).toBe(third);
  });

  it('binds a code to the account that asked for it, and refuses an address taken in the meantime', async () => {
    const { api } = f;
    const alice = await api.registerCustomer();
    const bob = await api.registerCustomer();
    const wanted = fresh();
    await api.post('/auth/email-change', { newEmail: wanted, password: alice.password }, alice.token).expect(200);
    const code = await codeFor(wanted);
    // Bob has no pending change: Alice's code means nothing to him.
    await api.post('/auth/email-change/confirm', { code }, bob.token).expect(400);
    // Someone registers the address before Alice confirms: 409, and Alice keeps her email.
    await api.registerCustomer({ email: wanted });
    const taken = await api.post('/auth/email-change/confirm', { code }, alice.token).expect(409);
    expect(taken.body.message).toMatch(/already exists/);
    expect((await api.get('/auth/me', alice.token).expect(200)).body.email).toBe(alice.email);
  });

  it('lets an agent change their email too, and the admins’ list follows', async () => {
    const { api, admin } = f;
    const agent = await api.createAgent(admin.token);
    const adminSocket = await f.online(admin.token);
    const newEmail = fresh();
    await api.post('/auth/email-change', { newEmail, password: agent.password }, agent.token).expect(200);
    const seen = next(adminSocket, 'agent:updated', (a) => a.id === agent.user.id);
    await api.post('/auth/email-change/confirm', { code: await codeFor(newEmail) }, agent.token).expect(200);
    await expect(seen).resolves.toMatchObject({ email: newEmail });
    const listed = (await api.get('/agents', admin.token).expect(200)).body.items as { id: string; email: string }[];
    expect(listed.find((a) => a.id === agent.user.id)?.email).toBe(newEmail);
  });
});
