import { AgentProfile } from '../users/agent-profile.entity';
import { User } from '../users/user.entity';
import { Ticket } from '../tickets/ticket.entity';
import { Rating } from '../tickets/rating.entity';
import { TicketEvent } from '../tickets/ticket-event.entity';
import { Message } from '../address-column/message.entity';
import { ReadMarker } from '../address-column/read-marker.entity';
import { PasswordReset } from '../auth/password-reset.entity';
import { EmailChange } from '../auth/email-change.entity';
import { AppValue } from './kv.entity';
import { SavedReply } from '../saved-replies/saved-reply.entity';

export const ENTITIES = [
  User,
  AgentProfile,
  Ticket,
  Rating,
  TicketEvent,
  Message,
  ReadMarker,
  PasswordReset,
  EmailChange,
  AppValue,
  SavedReply,
];
