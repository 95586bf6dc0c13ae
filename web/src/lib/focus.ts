import { tick } from 'svelte';

/**
 * After a refused submit, moves focus to the first field marked invalid inside `root`, so that
 * keyboard and screen reader users land on what to fix (its label and error are read out) instead
 * of staying on the button, or on nothing once a busy button was disabled.
 */
export async function focusFirstInvalid(root: HTMLElement | null | undefined): Promise<void> {
  await tick();
  root?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
}

/**
 * After an action whose busy button was disabled, or whose control went away with what it acted on,
 * puts focus on `target()` if it was lost on the way (it fell to the page's body), so a keyboard user
 * carries on from there instead of from the top of the page. Focus put somewhere else meanwhile stays.
 */
export async function refocusIfLost(target: () => HTMLElement | null | undefined): Promise<void> {
  await tick();
  const active = document.activeElement;
  if (active && active !== document.body) return;
  target()?.focus();
}
