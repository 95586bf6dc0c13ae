/** Every limit, before RATE_LIMIT_SCALE multiplies it. Windows are fixed and expire on their own, so nobody is locked out for good. */
export const RATE_LIMITS = {
  loginPerIp: { limit: 100, windowMs: 5 * 60_000 },
  loginPerIpAndEmail: { limit: 10, windowMs: 5 * 60_000 },
  registerPerIp: { limit: 20, windowMs: 60 * 60_000 },
  forgotPerIp: { limit: 20, windowMs: 15 * 60_000 },
  forgotPerEmail: { limit: 3, windowMs: 15 * 60_000 },
  resetPerIp: { limit: 30, windowMs: 15 * 60_000 },
  messagesPerUser: { limit: 20, windowMs: 1000 },
} as const;

export type RateLimitName = keyof typeof RATE_LIMITS;
