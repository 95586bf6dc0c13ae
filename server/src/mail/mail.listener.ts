import { Inject, Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type Redis from 'ioredis';
import { Role } from '@ccr/shared';
import {
  DomainEvents,
  type StoredMessage,
  type MessagesStoredEvent,
  type TicketCreatedEvent,
  type TicketUpdatedEvent,
} from '../common/domain-events';
import { UsersService } from '../users/users.service';
import { PresenceService } from '../realtime/presence.service';
import { REDIS } from '../redis/redis.module';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MailService } from './mail.service';

/** At most one "new reply" mail per ticket in this window. */
export const REPLY_MAIL_WINDOW_MS = 10 * 60_000;

/** The ticket mails: received, assigned (customer and agent), closed. Sent after the change, never blocking it. */
@Injectable()
export class MailListener {
  private readonly lastReplyMail = new Map<string, number>();

  constructor(
    private readonly mail: MailService,
    private readonly users: UsersService,
    private readonly presence: PresenceService,
    @Inject(REDIS) private readonly redis: Redis | null,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // The app's address as its users reach it; in development, the local one it listens on.
    this.origin = config.publicOrigin ?? (config.production ? null : `http://localhost:${config.port}`);
  }

  private readonly origin: string | null;

  /** A paragraph with the address of the ticket's page for its reader (nothing when the app's public address is unknown). */
  private link(reader: 'customer' | 'agent', ticketId: string): string {
    if (!this.origin) return '';
    return `\n\n${this.origin}/${reader}/tickets/${ticketId}`;
  }

  /** An agent answered while the customer had no socket open: tell them by mail, once per ticket per 10 minutes. */
  @OnEvent(DomainEvents.MessagesStored)
  async replies({ messages }: MessagesStoredEvent) {
    // A batch's first answer per ticket is the one a mail could be about (the slot takes one per window).
    const firstAnswers = new Map<string, StoredMessage>();
    for (const m of messages)
      if (m.message.sender.role === Role.AGENT && !firstAnswers.has(m.message.ticketId)) firstAnswers.set(m.message.ticketId, m);
    if (!firstAnswers.size) return;
    const answers = [...firstAnswers.values()];
    // One presence look-up for the whole batch (with Redis, one round trip instead of one per ticket).
    const online = await this.presence.onlineMap([...new Set(answers.map((m) => m.customerId))]);
    await Promise.all(answers.filter((m) => !online.get(m.customerId)).map((m) => this.reply(m)));
  }

  /** The customer is offline: mail them, unless this ticket was mailed about within the window. */
  private async reply({ message, customerId }: StoredMessage) {
    if (!(await this.claimReplySlot(message.ticketId))) return;
    const customer = await this.users.findById(customerId);
    if (!customer) return;
    const preview = message.body.length > 300 ? `${message.body.slice(0, 300)}…` : message.body;
    void this.mail.send({
      to: customer.email,
      subject: `New reply from ${message.sender.firstName} on your ticket`,
      text: `Hello ${customer.firstName},\n\n${message.sender.firstName} replied to your question:\n\n${preview}\n\nOpen the ticket to answer live.${this.link('customer', message.ticketId)}\n\nCustomer Care Registry`,
    });
  }

  private async claimReplySlot(ticketId: string): Promise<boolean> {
    if (this.redis) {
      const ok = await this.redis.set(`mail:reply:${ticketId}`, '1', 'PX', REPLY_MAIL_WINDOW_MS, 'NX').catch(() => 'OK');
      return ok === 'OK';
    }
    const now = Date.now();
    const last = this.lastReplyMail.get(ticketId);
    if (last && now - last < REPLY_MAIL_WINDOW_MS) return false;
    this.lastReplyMail.set(ticketId, now);
    return true;
  }

  @OnEvent(DomainEvents.TicketCreated)
  async created({ ticket }: TicketCreatedEvent) {
    const customer = await this.users.findById(ticket.customer.id);
    if (!customer) return;
    void this.mail.send({
      to: customer.email,
      subject: `[#${ticket.number}] We received your question: ${ticket.subject}`,
      text: `Hello ${customer.firstName},\n\nThank you for your question "${ticket.subject}" (${ticket.category}). It is ticket #${ticket.number}. An expert will answer you in the ticket's chat; you will get an email when one is assigned.${this.link('customer', ticket.id)}\n\nCustomer Care Registry`,
    });
  }

  @OnEvent(DomainEvents.TicketUpdated)
  async updated({ ticket, change }: TicketUpdatedEvent) {
    if (change !== 'assigned' && change !== 'reassigned' && change !== 'closed') return;
    const people = await this.users.namesByIds([ticket.customer.id, ticket.agent?.id ?? ''].filter(Boolean));
    const customer = people.get(ticket.customer.id);
    const agent = ticket.agent ? people.get(ticket.agent.id) : undefined;
    if (change === 'closed') {
      if (customer)
        void this.mail.send({
          to: customer.email,
          subject: `[#${ticket.number}] Your ticket is closed`,
          text: `Hello ${customer.firstName},\n\nTicket #${ticket.number} "${ticket.subject}" is closed. You can rate the answer you received on the ticket's page.${this.link('customer', ticket.id)}\n\nCustomer Care Registry`,
        });
      return;
    }
    if (!agent) return;
    if (customer)
      void this.mail.send({
        to: customer.email,
        subject: `[#${ticket.number}] ${agent.firstName} is answering your question`,
        text: `Hello ${customer.firstName},\n\n${agent.firstName} ${agent.lastName} now handles ticket #${ticket.number} "${ticket.subject}" (${ticket.category}). Open the ticket to chat live.${this.link('customer', ticket.id)}\n\nCustomer Care Registry`,
      });
    void this.mail.send({
      to: agent.email,
      subject: `[#${ticket.number}] Assigned to you: ${ticket.subject}`,
      text: `Hello ${agent.firstName},\n\nTicket #${ticket.number} "${ticket.subject}" (${ticket.category}) from ${ticket.customer.firstName} ${ticket.customer.lastName} is now yours.${this.link('agent', ticket.id)}\n\nCustomer Care Registry`,
    });
  }
}
