/**
 * Edits not saved yet are not dropped without a word. A page with a form guards it: leaving it
 * inside the app asks "Discard unsaved changes?" (the same native confirm as signing out with
 * unsent messages), and closing or reloading the tab gets the browser's own leave-page prompt.
 */
import { onMount } from 'svelte';
import { beforeNavigate } from '$app/navigation';
import { session } from '$lib/session.svelte';

export const DISCARD_QUESTION = 'Discard unsaved changes?';

/** The open page's checks, one per guarded page, for signing out. */
const checks = new Set<() => boolean>();

/** Asks before unsaved edits are thrown away: true when there are none, or when the user agrees. */
export function confirmDiscard(): boolean {
  return ![...checks].some((dirty) => dirty()) || confirm(DISCARD_QUESTION);
}

/** Guards a page's edits while `isDirty()` says some are not saved; call while the page initialises. */
export function guardUnsaved(isDirty: () => boolean): void {
  // Signed out, by choice (sign-out asks first, through confirmDiscard) or because the session ended,
  // there is nowhere to save to any more: the page leaves without asking.
  const mustAsk = () => session.token !== null && isDirty();

  onMount(() => {
    checks.add(isDirty);
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (!mustAsk()) return;
      e.preventDefault();
      // Older browsers show the prompt only when returnValue is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      checks.delete(isDirty);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  });

  beforeNavigate((nav) => {
    // Leaving the app (closing, reloading, an outside link): beforeunload above asks, once.
    if (nav.willUnload || !mustAsk()) return;
    if (!confirm(DISCARD_QUESTION)) nav.cancel();
  });
}
