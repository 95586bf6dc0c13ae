import { describe, expect, it } from '@jest/globals';
import { nearExpiry, refreshDelay, tokenTimes } from './jwt';

const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (payload: object) => `${b64url({ alg: 'HS256' })}.${b64url(payload)}.sig`;

describe('access token timing', () => {
  const iat = 1_700_000_000;
  const token = jwt({ sub: 'u1', iat, exp: iat + 100 });

  it('reads subject, issue and expiry times', () => {
    expect(tokenTimes(token)).toEqual({ subject: 'u1', issuedAt: iat * 1000, expiresAt: (iat + 100) * 1000 });
    expect(tokenTimes('not a token')).toBeNull();
    expect(tokenTimes(jwt({ sub: 'u1' }))).toBeNull();
  });

  it('refreshes at three quarters of the lifetime, on our clock for fresh tokens', () => {
    const times = tokenTimes(token)!;
    // Received now on a clock 1 h ahead of the server's: still 75 s from now.
    const skewedNow = iat * 1000 + 3_600_000;
    expect(refreshDelay(times, skewedNow, skewedNow)).toBe(75_000);
    // A stored token of unknown age: by the local clock.
    expect(refreshDelay(times, null, iat * 1000 + 50_000)).toBe(25_000);
    expect(refreshDelay(times, null, iat * 1000 + 99_000)).toBe(0);
  });

  it('says when a token is close to expiry', () => {
    expect(nearExpiry(token, iat * 1000 + 10_000)).toBe(false);
    expect(nearExpiry(token, iat * 1000 + 80_000)).toBe(true);
    expect(nearExpiry(null)).toBe(false);
  });
});
