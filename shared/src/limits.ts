/** Sizes and bounds shared by the server's validation, the web forms and the tests. */
export const LIMITS = {
  passwordMinLength: 8,
  passwordMaxLength: 64,
  /** bcrypt ignores everything after 72 bytes, so longer passwords are refused, not cut. */
  passwordMaxBytes: 72,
  nameMaxLength: 80,
  emailMaxLength: 254,
  subjectMaxLength: 200,
  descriptionMaxLength: 5000,
  categoryMaxLength: 60,
  categoriesMax: 100,
  messageMaxLength: 4000,
  /** Characters of a message shown in a ticket list's preview (`TicketDto.lastMessage`). */
  messagePreviewLength: 140,
  clientIdMaxLength: 64,
  ratingCommentMaxLength: 2000,
  maxConcurrentMin: 1,
  maxConcurrentMax: 50,
  maxConcurrentDefault: 3,
  ticketPageDefault: 20,
  ticketPageMax: 100,
  messagePageDefault: 50,
  messagePageMax: 200,
  /** ticket:join returns at most this many missed messages; the client pages the rest over REST. */
  joinBacklogMax: 1000,
  searchMaxLength: 100,
  ratingMin: 1,
  ratingMax: 5,
  /** GET /tickets/:id/customer-tickets returns at most this many of the customer's other tickets. */
  customerTicketsMax: 20,
  /** A saved reply's shortcut, typed after "/" in the composer: lowercase letters, digits, "-" and "_". */
  savedReplyShortcutMaxLength: 32,
  savedReplyTitleMaxLength: 80,
  /** A saved reply becomes a message, so it is never longer than one. */
  savedReplyBodyMaxLength: 4000,
  /** Saved replies kept by the team, and by each agent for themselves. */
  savedRepliesMax: 200,
} as const;

export const DEFAULT_CATEGORIES: readonly string[] = ['Electronics', 'Home & Kitchen', 'Fashion', 'Beauty & Health', 'Sports & Outdoors'];
