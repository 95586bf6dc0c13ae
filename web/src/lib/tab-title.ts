/** The unread count in the browser tab's title, as mail and chat apps show it: "(3) Workspace · …". */

const COUNT_PREFIX = /^\(\d+\+?\) /;

/** `title` with `(n) ` in front when something is unread (any earlier count replaced), or without it. */
export function titleWithUnread(title: string, unread: number): string {
  const base = title.replace(COUNT_PREFIX, '');
  if (!(unread > 0)) return base;
  return `(${unread > 99 ? '99+' : Math.floor(unread)}) ${base}`;
}

/**
 * Puts the count in front of the document's title and keeps it there while pages set titles of
 * their own (a chat's title changes once its ticket has loaded). Answers how to stop, which
 * takes the count off again.
 */
export function showUnreadInTitle(doc: Document, unread: number): () => void {
  const apply = () => {
    const next = titleWithUnread(doc.title, unread);
    if (doc.title !== next) doc.title = next;
  };
  apply();
  const observer = new MutationObserver(apply);
  observer.observe(doc.head, { subtree: true, childList: true, characterData: true });
  return () => {
    observer.disconnect();
    const base = titleWithUnread(doc.title, 0);
    if (doc.title !== base) doc.title = base;
  };
}
