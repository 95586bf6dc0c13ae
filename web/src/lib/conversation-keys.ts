/**
 * Keyboard moves between an agent's conversations, as in Slack: Alt+↓ opens the next one in the
 * list shown, Alt+↑ the one before (Option on a Mac); from no open chat, the first or the last. The
 * ends do not wrap around.
 */
export function conversationStep(e: Pick<KeyboardEvent, 'key' | 'altKey' | 'ctrlKey' | 'metaKey' | 'shiftKey'>): 1 | -1 | null {
  if (!e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return null;
  return e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : null;
}

/** The conversation `step` away from `current` in `ids` (the list as shown), or null past an end. */
export function neighbour(ids: readonly string[], current: string | null, step: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const i = current === null ? -1 : ids.indexOf(current);
  if (i < 0) return step === 1 ? ids[0] : ids[ids.length - 1];
  return ids[i + step] ?? null;
}
