/**
 * Keeps the access token fresh: refreshes it at about 75 % of its lifetime (and when the tab
 * comes back into view close to expiry), stores the new one and hands it to the socket, so
 * REST calls and reconnections always carry a valid token. A refused refresh ends the session.
 */
import { api, ApiError } from './api';
import { nearExpiry, refreshDelay, tokenTimes } from './jwt';
import { endSession, session, tokenReplacedElsewhere } from './session.svelte';

const RETRY_MS = 5_000;

let timer: ReturnType<typeof setTimeout> | null = null;
let inflight: Promise<string | null> | null = null;
let scheduledFor: string | null = null;

function clearTimer(): void {
  if (timer) clearTimeout(timer);
  timer = null;
}

/**
 * Refreshes now (once, however many callers ask at the same time). Answers the new token,
 * or null when the session is over (the user is then on the sign-in page) or the server
 * could not be reached (a retry is scheduled while the token is still valid).
 */
export function refreshToken(): Promise<string | null> {
  inflight ??= (async () => {
    const before = session.token;
    if (!before) return null;
    try {
      const auth = await api.auth.refresh();
      // Signed out (or in as someone else) meanwhile: that answer is stale.
      if (session.token !== before) return session.token;
      session.renew(auth);
      return auth.accessToken;
    } catch (e) {
      if (session.token !== before) return session.token;
      if (e instanceof ApiError && (e.status === 401 || e.status === 403)) {
        // A password change in another tab of this browser: its new token is this tab's too.
        if (await tokenReplacedElsewhere(before)) return session.token;
        // Refused: the session reached its maximum age, or was revoked (a password change
        // elsewhere, a deactivated account). The notice says it ended, without guessing which.
        endSession();
        return null;
      }
      // The server is unreachable or busy: try again soon, while the token still lasts.
      const times = tokenTimes(before);
      if (times && times.expiresAt > Date.now()) {
        clearTimer();
        timer = setTimeout(() => void refreshToken(), Math.min(RETRY_MS, Math.max(0, times.expiresAt - Date.now() - 1000)));
      }
      return null;
    } finally {
      inflight = null;
    }
  })();
  return inflight;
}

/** (Re)schedules the refresh for the current token; call whenever the token changes. */
export function scheduleRefresh(): void {
  const token = session.token;
  if (token === scheduledFor && timer) return;
  clearTimer();
  scheduledFor = token;
  const times = tokenTimes(token);
  if (!token || !times || !session.user) return;
  const delay = refreshDelay(times, session.receivedAt, Date.now());
  // setTimeout overflows past ~24.8 days; a long-lived token is rescheduled later.
  timer = setTimeout(
    () => {
      timer = null;
      if (delay > 2 ** 31 - 2) scheduleRefresh();
      else void refreshToken();
    },
    Math.min(delay, 2 ** 31 - 2),
  );
}

/** Background tabs' timers are throttled: check again when the user comes back. */
function onVisible(): void {
  if (document.visibilityState === 'visible' && session.user && nearExpiry(session.token)) void refreshToken();
}

/** Starts watching focus and visibility; answers the cleanup. */
export function watchTokenExpiry(): () => void {
  document.addEventListener('visibilitychange', onVisible);
  window.addEventListener('focus', onVisible);
  return () => {
    document.removeEventListener('visibilitychange', onVisible);
    window.removeEventListener('focus', onVisible);
    clearTimer();
    scheduledFor = null;
  };
}
