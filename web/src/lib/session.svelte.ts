import { goto } from '$app/navigation';
import { Role } from '@ccr/shared';
import type { AgentDto, AuthResponse, UserDto } from '@ccr/shared';
import { tokenTimes } from './jwt';

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
  /** Why the user was sent to sign in (an ended session), shown once on the sign-in page. */
  notice = $state('');
  /** When this tab received the current token (null for one restored from storage). */
  receivedAt: number | null = null;

  get signedIn(): boolean {
    return this.token !== null && this.user !== null;
  }

  get home(): string {
    return this.user ? homeOf(this.user.role) : '/login';
  }

  signIn(auth: AuthResponse): void {
    this.token = auth.accessToken;
    this.user = auth.user;
    this.notice = '';
    this.receivedAt = Date.now();
    storage()?.setItem(TOKEN_KEY, auth.accessToken);
  }

  /** A refreshed token for the same user: the session goes on, nothing else changes. */
  renew(auth: AuthResponse): void {
    if (!this.user || auth.user.id !== this.user.id) return this.signIn(auth);
    this.token = auth.accessToken;
    this.user = auth.user;
    this.receivedAt = Date.now();
    storage()?.setItem(TOKEN_KEY, auth.accessToken);
  }

  clear(): void {
    this.token = null;
    this.user = null;
    this.unavailable = false;
    this.notice = '';
    this.receivedAt = null;
    storage()?.removeItem(TOKEN_KEY);
  }

  /** Another tab signed in or out; answers true when it only refreshed the same user's token. */
  adoptToken(token: string | null): boolean {
    if (token === this.token) return true;
    const sameUser = token !== null && this.user !== null && tokenTimes(token)?.subject === this.user.id;
    this.token = token;
    this.receivedAt = null;
    if (!sameUser) this.user = null;
    return sameUser;
  }
}

export const session = new Session();

export const SESSION_ENDED = 'Your session has ended. Please sign in again.';

/** The session is over (token rejected, refresh refused): sign in again, coming back here afterwards. */
export function endSession(message = SESSION_ENDED): void {
  const wasSignedIn = session.token !== null;
  session.clear();
  if (!wasSignedIn) return;
  session.notice = message;
  const here = typeof location === 'undefined' ? '' : location.pathname + location.search;
  const next = here && !here.startsWith('/login') ? `?next=${encodeURIComponent(here)}` : '';
  void goto(`/login${next}`);
}

/**
 * Set in localStorage while a tab of this browser replaces the token (a password change ends every
 * session of the user on the server before it answers with the new token). Another tab whose
 * token is refused meanwhile waits for the new one instead of ending the session, which would sign
 * every tab of the browser out.
 */
const TOKEN_CHANGE_KEY = 'ccr.token.changing';
/** How long a tab waits for another tab's new token. */
const TOKEN_CHANGE_WAIT_MS = 15_000;

/** Tells the other tabs that this one is replacing the token; answers the function that says it is done. */
export function markTokenChange(): () => void {
  const at = String(Date.now());
  storage()?.setItem(TOKEN_CHANGE_KEY, at);
  return () => {
    if (storage()?.getItem(TOKEN_CHANGE_KEY) === at) storage()?.removeItem(TOKEN_CHANGE_KEY);
  };
}

/**
 * After `refused` was refused: whether another tab of this browser replaced it (or is doing so, in
 * which case this waits for the new token, at most TOKEN_CHANGE_WAIT_MS). The new token is adopted.
 */
export async function tokenReplacedElsewhere(refused: string): Promise<boolean> {
  const replaced = () => {
    const stored = storage()?.getItem(TOKEN_KEY) ?? null;
    if (stored !== null && stored !== refused && session.token === refused) session.adoptToken(stored);
    return session.token !== null && session.token !== refused;
  };
  for (;;) {
    if (replaced()) return true;
    const since = Number(storage()?.getItem(TOKEN_CHANGE_KEY) ?? 0);
    if (!since || Date.now() - since > TOKEN_CHANGE_WAIT_MS) return replaced();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A request was refused with `token`: the session ends, unless another tab of this browser replaced the token. */
export function endSessionUnlessReplaced(token: string): void {
  void tokenReplacedElsewhere(token).then((replaced) => {
    if (!replaced && session.token === token) endSession();
  });
}
export { TOKEN_KEY };
