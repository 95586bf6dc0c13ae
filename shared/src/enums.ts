/** The three kinds of account. The role always comes from the account, never from a request. */
export const Role = {
  CUSTOMER: 'CUSTOMER',
  AGENT: 'AGENT',
  ADMIN: 'ADMIN',
} as const;
export type Role = (typeof Role)[keyof typeof Role];
export const ROLES: readonly Role[] = [Role.CUSTOMER, Role.AGENT, Role.ADMIN];

/** OPEN (raised, no agent) → ASSIGNED (an agent owns it) → CLOSED. */
export const TicketStatus = {
  OPEN: 'OPEN',
  ASSIGNED: 'ASSIGNED',
  CLOSED: 'CLOSED',
} as const;
export type TicketStatus = (typeof TicketStatus)[keyof typeof TicketStatus];
export const TICKET_STATUSES: readonly TicketStatus[] = [
  TicketStatus.OPEN,
  TicketStatus.ASSIGNED,
  TicketStatus.CLOSED,
];

/** Kinds of entries in a ticket's audit trail. */
export const TicketEventType = {
  CREATED: 'CREATED',
  ASSIGNED: 'ASSIGNED',
  REASSIGNED: 'REASSIGNED',
  CLOSED: 'CLOSED',
  RATED: 'RATED',
} as const;
export type TicketEventType = (typeof TicketEventType)[keyof typeof TicketEventType];

/** Whose a saved reply is: the whole team's (kept by admins) or one agent's own. */
export const SavedReplyScope = {
  TEAM: 'TEAM',
  PERSONAL: 'PERSONAL',
} as const;
export type SavedReplyScope = (typeof SavedReplyScope)[keyof typeof SavedReplyScope];
