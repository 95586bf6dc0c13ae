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
