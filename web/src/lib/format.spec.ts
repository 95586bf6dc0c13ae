import { describe, expect, it } from '@jest/globals';
import { looksLikeAccountEmail, looksLikeEmail } from './format';

describe('email checks', () => {
  it('a new address needs a domain with a dot, as the server asks', () => {
    expect(looksLikeEmail(' carla@example.com ')).toBe(true);
    for (const bad of ['admin@localhost', 'carla', 'carla@', '@example.com', 'car la@example.com']) expect(looksLikeEmail(bad)).toBe(false);
  });

  it('sign-in and password reset take every address an account can have, the default admin@localhost included', () => {
    for (const ok of ['admin@localhost', ' carla@example.com ']) expect(looksLikeAccountEmail(ok)).toBe(true);
    for (const bad of ['', 'admin', 'admin@', '@localhost', 'ad min@localhost', 'a@b@c']) expect(looksLikeAccountEmail(bad)).toBe(false);
  });
});
