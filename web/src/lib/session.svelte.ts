import { Role } from '@ccr/shared';
import type { AgentDto, AuthResponse, UserDto } from '@ccr/shared';

const TOKEN_KEY = 'ccr.token';

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Where each role lands after sign-in. */
export function homeOf(role: Role): string {
  switch (role) {
    case Role.ADMIN:
      return '/admin';
    case Role.AGENT:
      return '/agent';
    default:
      return '/customer';
  }
}

/** The signed-in user and their access token (persisted in localStorage). */
class Session {
  token = $state<string | null>(storage()?.getItem(TOKEN_KEY) ?? null);
  user = $state<UserDto | AgentDto | null>(null);
  /** The stored token could not be checked because the service is down. */
  unavailable = $state(false);

  get signedIn(): boolean {
    return this.token !== null && this.user !== null;
  }

  get home(): string {
    return this.user ? homeOf(this.user.role) : '/login';
  }

  signIn(auth: AuthResponse): void {
    this.token = auth.accessToken;
    this.user = auth.user;
    storage()?.setItem(TOKEN_KEY, auth.accessToken);
  }

  clear(): void {
    this.token = null;
    this.user = null;
    this.unavailable = false;
    storage()?.removeItem(TOKEN_KEY);
  }

  /** Another tab signed in or out. */
  adoptToken(token: string | null): void {
    if (token === this.token) return;
    this.token = token;
    this.user = null;
  }
}

export const session = new Session();
export { TOKEN_KEY };
