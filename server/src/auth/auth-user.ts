import type { Role } from '@ccr/shared';

/** The caller, as established by a verified token whose version still matches the account. */
export interface AuthUser {
  id: string;
  role: Role;
  firstName: string;
  lastName: string;
  email: string;
  tokenVersion: number;
}

export interface TokenPayload {
  sub: string;
  role: Role;
  tv: number;
}
