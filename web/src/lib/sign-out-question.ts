/**
 * What signing out asks when this browser holds messages of the user that the server has not
 * stored: signing out deletes them (that is how someone leaves a shared computer), so it asks
 * first. Messages still on their way and messages refused for good (kept to copy) are different
 * things to lose, so each is named for what it is; null when there is nothing to lose.
 */
export function signOutQuestion({ waiting, refused }: { waiting: number; refused: number }): string | null {
  if (waiting + refused === 0) return null;
  const parts: string[] = [];
  if (waiting > 0) parts.push(waiting === 1 ? '1 message has not been sent yet' : `${waiting} messages have not been sent yet`);
  if (refused > 0) {
    const kept = refused === 1 ? 'is kept here to copy' : 'are kept here to copy';
    if (waiting > 0) parts.push(`${refused} that could not be sent ${kept}`);
    else parts.push(`${refused === 1 ? '1 message' : `${refused} messages`} that could not be sent ${kept}`);
  }
  const them = waiting + refused === 1 ? 'it' : 'them';
  return `${parts.join(', and ')}. Signing out deletes ${them} from this browser. Sign out anyway?`;
}
