/** Edits of the composer's text for saved replies, as pure functions: the new text and where the caret goes. */
export interface Edit {
  text: string;
  caret: number;
}

/** The "/query" from `start` to the caret replaced by the reply, kept apart by a space from text right after it. */
export function insertReply(text: string, start: number, caret: number, reply: string): Edit {
  const after = text.slice(caret);
  const gap = after && !/^\s/.test(after) ? ' ' : '';
  return { text: text.slice(0, start) + reply + gap + after, caret: start + reply.length + gap.length };
}

/** A "/" typed for the user at the caret (over a selection), after a space when it follows a word, so the list opens. */
export function insertSlash(text: string, from: number, to: number): Edit {
  const before = text.slice(0, from);
  const slash = before && !/\s$/.test(before) ? ' /' : '/';
  return { text: before + slash + text.slice(to), caret: from + slash.length };
}
