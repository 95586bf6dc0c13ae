import { LIMITS } from '@ccr/shared';
import { textLength } from './text-length';

/** What is wrong with a first or last name as the server would see it (trimmed), or null when it is fine. */
export function nameProblem(name: string, which: 'first' | 'last'): string | null {
  const trimmed = name.trim();
  if (!trimmed) return `Enter a ${which} name.`;
  if (textLength(trimmed) > LIMITS.nameMaxLength) return `At most ${LIMITS.nameMaxLength} characters.`;
  return null;
}

/** The names that differ from `current` (trimmed), to send as a change; empty when nothing changed. */
export function changedNames(
  current: { firstName: string; lastName: string },
  edited: { firstName: string; lastName: string },
): { firstName?: string; lastName?: string } {
  const change: { firstName?: string; lastName?: string } = {};
  if (edited.firstName.trim() !== current.firstName) change.firstName = edited.firstName.trim();
  if (edited.lastName.trim() !== current.lastName) change.lastName = edited.lastName.trim();
  return change;
}
