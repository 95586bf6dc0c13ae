import type { Role } from '@ccr/shared';

/** The caller, as established by a verified token whose version still matches the account. */
export interface AuthUser {
  id: string;
  role: Role;
  firstName: string;
  lastName: string;
  email: string;
  tokenVersion: number;
  /** When the user signed in with a password (epoch seconds); refreshed tokens keep it, so a session cannot be stretched forever. */
  authTime?: number;
}

export interface TokenPayload {
  sub: string;
  role: Role;
  tv: number;
  /** Sign-in time (epoch seconds), carried over by refreshes. */
  at?: number;
  iat?: number;
}
