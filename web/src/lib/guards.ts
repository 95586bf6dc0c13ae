import { redirect } from '@sveltejs/kit';
import type { Role } from '@ccr/shared';
import { api, ApiError } from './api';
import { homeOf, session, SESSION_ENDED } from './session.svelte';

let restoring: Promise<void> | null = null;

/**
 * Loads the signed-in user for a stored token, once. A rejected token ends the session;
 * any other failure (server or database down) marks the session unavailable, so the app
 * says so instead of sending a signed-in user to the sign-in page.
 */
export function restoreSession(): Promise<void> {
  if (!session.token || session.user) return Promise.resolve();
  restoring ??= (async () => {
    try {
      session.user = await api.auth.me();
      session.unavailable = false;
    } catch (e) {
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        session.clear();
        session.notice = SESSION_ENDED;
      } else session.unavailable = true;
    } finally {
      restoring = null;
    }
  })();
  return restoring;
}

/**
 * Sends a visitor who is not signed in to sign in, back here afterwards. With the service
 * unreachable the root layout says so instead of the page, and the address is kept.
 */
export function requireSignedIn(url: URL): void {
  if (session.user || session.unavailable) return;
  redirect(307, `/login?next=${encodeURIComponent(url.pathname + url.search)}`);
}

/** Sends a visitor without the role to sign in, or to their own area. */
export function requireRole(role: Role, url: URL): void {
  requireSignedIn(url);
  const user = session.user;
  if (user && user.role !== role) redirect(307, homeOf(user.role));
}

/** Pages of every signed-in user, outside the roles' areas. */
export const ACCOUNT_PATH = '/account';

/** Where to go after sign-in: the wanted page when it is in the user's own area (or their account). */
export function afterSignIn(role: Role, next: string | null): string {
  const home = homeOf(role);
  if (!next || !next.startsWith('/') || next.startsWith('//')) return home;
  const path = next.split(/[?#]/)[0];
  if (path === ACCOUNT_PATH || next === home || next.startsWith(home + '/')) return next;
  return home;
}
