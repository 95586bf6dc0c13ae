/**
 * Which day labels a narrow chart has room for. Counted back from the newest day, so the day the
 * series ends on ("Today") is always labelled and the others keep an even spacing.
 */
export function dayTickShown(index: number, count: number, room: number): boolean {
  const step = Math.max(1, Math.ceil(count / Math.max(1, Math.floor(room))));
  return (count - 1 - index) % step === 0;
}
