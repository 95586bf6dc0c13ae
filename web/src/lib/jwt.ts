/** What the web client needs to know about an access token: when it was issued and when it expires (ms). */
export interface TokenTimes {
  subject: string | null;
  issuedAt: number | null;
  expiresAt: number;
}

/** Reads the (unverified) payload of a JWT; null when it is not one or carries no `exp`. */
export function tokenTimes(token: string | null | undefined): TokenTimes | null {
  if (!token) return null;
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = atob(
      part
        .replace(/-/g, '+')
        .replace(/_/g, '/')
        .padEnd(Math.ceil(part.length / 4) * 4, '='),
    );
    const payload = JSON.parse(json) as { exp?: unknown; iat?: unknown; sub?: unknown };
    if (typeof payload.exp !== 'number') return null;
    return {
      subject: typeof payload.sub === 'string' ? payload.sub : null,
      issuedAt: typeof payload.iat === 'number' ? payload.iat * 1000 : null,
      expiresAt: payload.exp * 1000,
    };
  } catch {
    return null;
  }
}

/**
 * When to refresh a token: at `fraction` of its lifetime, measured on our own clock from the
 * moment we received it (so a skewed device clock does not matter for fresh tokens).
 */
export function refreshDelay(times: TokenTimes, receivedAt: number | null, now: number, fraction = 0.75): number {
  const lifetime = times.issuedAt !== null ? times.expiresAt - times.issuedAt : null;
  if (lifetime !== null && receivedAt !== null) return Math.max(0, receivedAt + lifetime * fraction - now);
  // A stored token of unknown age: trust the local clock.
  const remaining = times.expiresAt - now;
  const lead = lifetime !== null ? lifetime * (1 - fraction) : Math.min(remaining / 4, 5 * 60_000);
  return Math.max(0, remaining - lead);
}

/** True when less than a quarter of the token's life is left (or it cannot be read). */
export function nearExpiry(token: string | null, now = Date.now()): boolean {
  const times = tokenTimes(token);
  if (!times) return false;
  const lifetime = times.issuedAt !== null ? times.expiresAt - times.issuedAt : 4 * 60_000;
  return times.expiresAt - now < lifetime / 4;
}
