import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ERROR_STATUS,
  LIMITS,
  ROLES,
  SavedReplyScope,
  TICKET_STATUSES,
  TicketEventType,
  type AgentDto,
  type AgentRef,
  type AuthResponse,
  type EmailChangePending,
  type ErrorBody,
  type ErrorCode,
  type HealthDto,
  type MessageDto,
  type MessagePreview,
  type Page,
  type PersonRef,
  type RatingDto,
  type SavedReplyDto,
  type Role,
  type Settings,
  type Stats,
  type TicketDto,
  type TicketEventDto,
  type TicketQuotaStatus,
  type TicketStatus,
  type UserDto,
} from '@ccr/shared';

/*
 * Response bodies for the OpenAPI document. The shapes are the interfaces of @ccr/shared (types only, nothing at
 * run time); each class here `implements` its interface, so the compiler refuses a schema that lost a field.
 */

const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];
const EVENT_TYPES = Object.values(TicketEventType);
const uuid = { format: 'uuid', example: '3f2c1a9e-8b7d-4e6f-9a1b-2c3d4e5f6a7b' };
const time = { format: 'date-time', example: '2025-01-31T09:30:00.000Z' };

export class ErrorBodySchema implements ErrorBody {
  @ApiProperty({ example: 404 }) statusCode: number;
  @ApiProperty({ enum: ERROR_CODES, example: 'NOT_FOUND' }) error: ErrorCode;
  @ApiProperty({ example: 'No such ticket' }) message: string;
  @ApiPropertyOptional({ description: 'The X-Request-Id of the request, to find its log lines', example: 'b7e0c1d2-…' })
  requestId?: string;
}

/** `{}`: the answer of routes whose status code says it all. */
export class EmptySchema {}

export class UserSchema implements UserDto {
  @ApiProperty(uuid) id: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ example: 'Carla' }) firstName: string;
  @ApiProperty({ example: 'Customer' }) lastName: string;
  @ApiProperty({ format: 'email', example: 'carla@example.com' }) email: string;
  @ApiProperty(time) createdAt: string;
}

export class AgentSchema extends UserSchema implements AgentDto {
  @ApiProperty({ type: [String], example: ['Electronics'], description: 'Categories this agent answers; empty: any category' })
  expertise: string[];
  @ApiProperty({ example: 3 }) maxConcurrent: number;
  @ApiProperty() active: boolean;
  @ApiProperty({ description: 'Set by the agent: takes no new tickets for now (open chats go on)' }) away: boolean;
  @ApiProperty({ description: 'Has a connected socket right now' }) online: boolean;
  @ApiProperty({ example: 1 }) openTickets: number;
  @ApiProperty({ type: Number, nullable: true, example: 4.5 }) ratingAverage: number | null;
  @ApiProperty({ example: 12 }) ratingCount: number;
}

type AgentFields = Omit<AgentDto, keyof UserDto>;
/** Any account: the agent fields are present on agents only. */
export class AccountSchema extends UserSchema implements Partial<AgentFields> {
  @ApiPropertyOptional({ type: [String], description: 'Agents only' }) expertise?: string[];
  @ApiPropertyOptional({ description: 'Agents only' }) maxConcurrent?: number;
  @ApiPropertyOptional({ description: 'Agents only' }) active?: boolean;
  @ApiPropertyOptional({ description: 'Agents only' }) away?: boolean;
  @ApiPropertyOptional({ description: 'Agents only' }) online?: boolean;
  @ApiPropertyOptional({ description: 'Agents only' }) openTickets?: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'Agents only' }) ratingAverage?: number | null;
  @ApiPropertyOptional({ description: 'Agents only' }) ratingCount?: number;
}

export class AuthResponseSchema implements AuthResponse {
  @ApiProperty({ type: () => AccountSchema }) user: UserDto | AgentDto;
  @ApiProperty({ description: 'Bearer token for the Authorization header and the socket handshake' }) accessToken: string;
}

export class AccessTokenSchema {
  @ApiProperty({ description: 'A fresh token: the change revoked every earlier one' }) accessToken: string;
}

export class AgentListSchema {
  @ApiProperty({ type: [AgentSchema] }) items: AgentDto[];
}

export class PersonRefSchema implements PersonRef {
  @ApiProperty(uuid) id: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
}

export class AgentRefSchema extends PersonRefSchema implements AgentRef {
  @ApiProperty({ type: [String] }) expertise: string[];
  @ApiPropertyOptional() online?: boolean;
}

export class RatingSchema implements RatingDto {
  @ApiProperty({ minimum: 1, maximum: 5, example: 5 }) score: number;
  @ApiProperty({ type: String, nullable: true, example: 'Quick and clear, thank you!' }) comment: string | null;
}

export class MessagePreviewSenderSchema {
  @ApiProperty(uuid) id: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty({ example: 'Alex' }) firstName: string;
}

export class MessagePreviewSchema implements MessagePreview {
  @ApiProperty({ example: 6, description: "The message's seq (the ticket's lastSeq when the list was read)" }) seq: number;
  @ApiProperty({ type: MessagePreviewSenderSchema }) sender: MessagePreview['sender'];
  @ApiProperty({
    maxLength: LIMITS.messagePreviewLength,
    example: 'Yes, the X200 passes eARC through its second HDMI port…',
    description: `Plain text: the first ${LIMITS.messagePreviewLength} characters at most, ending in "…" when the message is longer`,
  })
  body: string;
  @ApiProperty(time) createdAt: string;
}

export class TicketSchema implements TicketDto {
  @ApiProperty(uuid) id: string;
  @ApiProperty({ example: 42, description: 'Human ticket number' }) number: number;
  @ApiProperty({ example: 'Does the X200 soundbar support eARC?' }) subject: string;
  @ApiProperty({ example: 'Electronics' }) category: string;
  @ApiProperty() description: string;
  @ApiProperty({ enum: TICKET_STATUSES }) status: TicketStatus;
  @ApiProperty({ type: PersonRefSchema }) customer: PersonRef;
  @ApiProperty({ type: AgentRefSchema, nullable: true }) agent: AgentRef | null;
  @ApiProperty(time) createdAt: string;
  @ApiProperty(time) updatedAt: string;
  @ApiProperty({ ...time, type: String, nullable: true }) assignedAt: string | null;
  @ApiProperty({ ...time, type: String, nullable: true }) closedAt: string | null;
  @ApiProperty({ ...time, type: String, nullable: true }) firstResponseAt: string | null;
  @ApiProperty({ ...time, type: String, nullable: true }) lastMessageAt: string | null;
  @ApiProperty({ description: 'Highest message seq stored (0 when there are none)' }) lastSeq: number;
  @ApiProperty({ description: 'Messages the caller has not read yet' }) unread: number;
  @ApiProperty({ type: RatingSchema, nullable: true }) rating: RatingDto | null;
  @ApiPropertyOptional({ description: 'OPEN tickets only: 1 is next to be assigned' }) queuePosition?: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'OPEN tickets only: null when unknown' })
  estimatedWaitSeconds?: number | null;
  @ApiPropertyOptional({
    type: MessagePreviewSchema,
    nullable: true,
    description:
      "The ticket's latest message (null before the first): in the pages of GET /api/tickets answered to customers and agents only, absent from every other ticket answer",
  })
  lastMessage?: MessagePreview | null;
}

export class TicketPageSchema implements Page<TicketDto> {
  @ApiProperty({ type: [TicketSchema] }) items: TicketDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as ?cursor= for the next page; null on the last' })
  nextCursor: string | null;
}

export class MessageSenderSchema {
  @ApiProperty(uuid) id: string;
  @ApiProperty({ enum: ROLES }) role: Role;
  @ApiProperty() firstName: string;
}

export class MessageSchema implements MessageDto {
  @ApiProperty(uuid) id: string;
  @ApiProperty(uuid) ticketId: string;
  @ApiProperty({ example: 1, description: 'Per ticket: 1, 2, 3, … without gaps' }) seq: number;
  @ApiProperty({ description: "The sender's idempotency key" }) clientId: string;
  @ApiProperty({ type: MessageSenderSchema }) sender: MessageDto['sender'];
  @ApiProperty({ description: 'Plain text, never HTML' }) body: string;
  @ApiProperty(time) createdAt: string;
}

export class MessageListSchema {
  @ApiProperty({ type: [MessageSchema], description: 'Ascending by seq' }) items: MessageDto[];
}

export class EventActorSchema {
  @ApiProperty(uuid) id: string;
  @ApiProperty() firstName: string;
  @ApiPropertyOptional({ description: 'Only in the answers to admins' }) lastName?: string;
  @ApiProperty({ enum: ROLES }) role: Role;
}

export class TicketEventSchema implements TicketEventDto {
  @ApiProperty(uuid) id: string;
  @ApiProperty({ enum: EVENT_TYPES }) type: TicketEventType;
  @ApiProperty({ type: EventActorSchema, nullable: true, description: 'null for the auto-assignment policy' })
  actor: TicketEventDto['actor'];
  @ApiProperty({ type: 'object', additionalProperties: true, example: { agentId: '…', mode: 'manual' } }) data: Record<string, unknown>;
  @ApiProperty(time) createdAt: string;
}

export class EmailChangePendingSchema implements EmailChangePending {
  @ApiProperty({ format: 'email', example: 'carla.new@example.com', description: 'Where the code was mailed' }) email: string;
  @ApiProperty({ ...time, description: 'The code is refused after this' }) expiresAt: string;
}

export class EmailChangeStateSchema {
  @ApiProperty({ type: EmailChangePendingSchema, nullable: true, description: 'null when no change waits for its code' })
  pending: EmailChangePending | null;
}

export class SavedReplySchema implements SavedReplyDto {
  @ApiProperty(uuid) id: string;
  @ApiProperty({ example: 'refund' }) shortcut: string;
  @ApiProperty({ example: 'How refunds work', description: 'May be empty' }) title: string;
  @ApiProperty({ example: 'Hi {{customer.firstName}}, refunds reach your card within 5 working days.' }) body: string;
  @ApiProperty({ enum: Object.values(SavedReplyScope), description: "TEAM: every agent's, kept by admins; PERSONAL: the caller's own" })
  scope: SavedReplyScope;
  @ApiProperty(time) createdAt: string;
  @ApiProperty(time) updatedAt: string;
}

export class SavedReplyListSchema {
  @ApiProperty({ type: [SavedReplySchema] }) items: SavedReplyDto[];
}

export class CategoriesSchema {
  @ApiProperty({ type: [String], example: ['Electronics', 'Home & Kitchen'] }) items: string[];
}

export class TicketQuotaSchema {
  @ApiProperty({ example: 3 }) count: number;
  @ApiProperty({ example: 7 }) days: number;
}

export class TicketQuotaStatusSchema implements TicketQuotaStatus {
  @ApiProperty({ type: TicketQuotaSchema, nullable: true, description: 'null: no quota (every other field is null)' })
  quota: TicketQuotaStatus['quota'];
  @ApiProperty({ type: Number, nullable: true, example: 3, description: 'Tickets raised in the window, counted up to `quota.count`' })
  used: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 0 }) remaining: number | null;
  @ApiProperty({ ...time, nullable: true, description: 'When the next ticket may be raised, when `remaining` is 0' })
  nextAllowedAt: string | null;
}

export class SettingsSchema implements Settings {
  @ApiProperty() autoAssign: boolean;
  @ApiProperty({ type: TicketQuotaSchema, nullable: true }) ticketQuota: Settings['ticketQuota'];
}

type StatsAgent = Stats['agents'][number];
export class StatsAgentSchema implements StatsAgent {
  @ApiProperty(uuid) id: string;
  @ApiProperty() firstName: string;
  @ApiProperty() online: boolean;
  @ApiProperty({ description: 'Taking no new chats for now' }) away: boolean;
  @ApiProperty() openTickets: number;
  @ApiProperty() maxConcurrent: number;
  @ApiProperty({ type: Number, nullable: true }) ratingAverage: number | null;
  @ApiProperty() ratingCount: number;
}

export class TicketsPerDaySchema {
  @ApiProperty({ example: '2025-01-31' }) date: string;
  @ApiProperty() created: number;
  @ApiProperty() closed: number;
}

export class FirstResponsePerDaySchema {
  @ApiProperty({ example: '2025-01-31' }) date: string;
  @ApiProperty({ type: Number, nullable: true }) medianSeconds: number | null;
}

export class StatsSchema implements Stats {
  @ApiProperty() open: number;
  @ApiProperty() assigned: number;
  @ApiProperty() closedToday: number;
  @ApiProperty() longestWaitSeconds: number;
  @ApiProperty({ type: Number, nullable: true }) medianFirstResponseSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true }) medianResolutionSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true }) csatAverage: number | null;
  @ApiProperty({ type: [StatsAgentSchema] }) agents: StatsAgent[];
  @ApiProperty({ type: [TicketsPerDaySchema], description: 'The last 14 UTC days, oldest first' }) ticketsPerDay: Stats['ticketsPerDay'];
  @ApiProperty({ type: [FirstResponsePerDaySchema] }) firstResponsePerDay: Stats['firstResponsePerDay'];
}

export class HealthSchema implements HealthDto {
  @ApiProperty({ enum: ['ok', 'error'] }) status: 'ok' | 'error';
  @ApiProperty({ enum: ['up', 'down'] }) db: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down'] }) realtime: 'up' | 'down';
}

export class ReadinessPartSchema {
  @ApiProperty({ enum: ['up', 'down'] }) status: 'up' | 'down';
  @ApiPropertyOptional({ example: 'timeout after 1000 ms' }) message?: string;
}

export class ReadinessSchema {
  @ApiProperty({ enum: ['ok'] }) status: 'ok';
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/ReadinessPartSchema' },
    example: { database: { status: 'up' }, redis: { status: 'up' }, realtime: { status: 'up' } },
  })
  details: Record<string, ReadinessPartSchema>;
}

export class NotReadySchema extends ErrorBodySchema {
  @ApiProperty({ enum: ['error'] }) status: 'error';
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/ReadinessPartSchema' },
    example: { database: { status: 'down', message: 'timeout after 1000 ms' }, redis: { status: 'up' } },
  })
  details: Record<string, ReadinessPartSchema>;
}
