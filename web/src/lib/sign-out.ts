/**
 * Signing out of this browser, from the header or from the account page: the open page's unsaved
 * edits and the user's unsent messages are asked about first (a sign-out is how someone leaves a
 * shared computer, so what it would delete goes only once they agree), then the socket, the
 * drafts and the token go, and the sign-in page shows.
 */
import { goto } from '$app/navigation';
import { clearDrafts } from './drafts';
import { session } from './session.svelte';
import { signOutQuestion } from './sign-out-question';
import { realtime } from './socket.svelte';
import { confirmDiscard } from './unsaved';

/** Asks about what signing out would throw away; answers whether the user agreed (or nothing was at stake). */
export function mayLeave(): boolean {
  // Edits on the open page (settings) would go with the session: the page's own question, first.
  if (!confirmDiscard()) return false;
  const question = signOutQuestion(realtime.sync.unsent());
  return !question || confirm(question);
}

/**
 * Forgets the session in this browser and goes to sign in, with `notice` shown there; call once
 * `mayLeave` agreed. Unsent messages go too (they are kept per user for a next visit otherwise).
 */
export async function leave(notice = ''): Promise<void> {
  realtime.sync.discardUnsent();
  realtime.reset();
  clearDrafts();
  session.clear();
  session.notice = notice;
  await goto('/login');
}

/** The header's Sign out. */
export async function signOut(): Promise<void> {
  if (mayLeave()) await leave();
}
