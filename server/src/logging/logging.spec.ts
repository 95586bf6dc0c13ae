import { Writable } from 'node:stream';
import { IncomingMessage } from 'node:http';
import { Socket } from 'node:net';
import pinoHttp, { type Options } from 'pino-http';
import { pinoParams, SECRET_FIELDS, withoutSecrets } from './logging';

/** Secrets never reach a log line, wherever they sit in a logged object (three levels deep). */
describe('log lines without secrets', () => {
  /** The app's own pino-http settings, writing JSON lines into an array. */
  function logger() {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    });
    const [options] = pinoParams({ level: 'info', format: 'json', destination: sink }).pinoHttp as [Options, Writable];
    return { log: pinoHttp(options, sink).logger, lines };
  }

  it('redacts every secret field at the first, second and third level of a logged object', () => {
    const { log, lines } = logger();
    const user = { email: 'a@b.test', password: 'hunter2-secret', profile: { token: 'tok-secret', name: 'Ada' } };
    log.info({ password: 'p1-secret', user, list: [{ code: '123456' }], deep: { a: { b: { c: { password: 'level-4' } } } } }, 'signed in');
    const line = lines[0];
    expect(line.msg).toBe('signed in');
    expect(line.password).toBe('[redacted]');
    expect(line.user).toEqual({ email: 'a@b.test', password: '[redacted]', profile: { token: '[redacted]', name: 'Ada' } });
    expect(line.list).toEqual([{ code: '[redacted]' }]);
    // The bound is three levels (as the old redact paths *.*.field): deeper objects are logged as they are.
    expect(JSON.stringify(line.deep)).toContain('level-4');
    // The caller's objects are not touched.
    expect(user.password).toBe('hunter2-secret');
    expect(user.profile.token).toBe('tok-secret');
  });

  it('knows every field named in SECRET_FIELDS and set-cookie headers, also inside errors', () => {
    const { log, lines } = logger();
    const all = Object.fromEntries([...SECRET_FIELDS, 'set-cookie'].map((f) => [f, `value-of-${f}`]));
    log.warn({ all }, 'every field');
    const failure = Object.assign(new Error('refused'), { details: { password: 'in-an-error' } });
    log.error({ err: failure }, 'failed');
    const text = JSON.stringify(lines);
    for (const value of [...Object.values(all), 'in-an-error']) expect(text).not.toContain(value);
    expect(Object.values(lines[0].all as Record<string, unknown>).every((v) => v === '[redacted]')).toBe(true);
    const err = lines[1].err as Record<string, unknown>;
    expect(err.message).toBe('refused');
    expect(err.type).toBe('Error');
    expect(String(err.stack)).toContain('refused');
    expect(err.details).toEqual({ password: '[redacted]' });
    expect(failure.details.password).toBe('in-an-error');
  });

  it('returns objects without secrets as they are (nothing copied), and leaves requests to their serializer', () => {
    const plain = { a: 1, b: { c: [1, 2, { d: 'x' }] }, when: new Date(0), bytes: Buffer.from('password') };
    expect(withoutSecrets(plain)).toBe(plain);
    const req = new IncomingMessage(new Socket());
    req.method = 'GET';
    req.url = '/api/tickets?token=abc';
    req.headers = { authorization: 'Bearer eyJ.secret' };
    expect(withoutSecrets({ req }).req).toBe(req);
    const { log, lines } = logger();
    log.info({ req }, 'request');
    expect(lines[0].req).toEqual({ method: 'GET', url: '/api/tickets?token=[redacted]' });
    expect(JSON.stringify(lines)).not.toContain('eyJ.secret');
  });
});
