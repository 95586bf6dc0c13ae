import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { DomainEvents, type TicketCreatedEvent, type TicketUpdatedEvent } from '../common/domain-events';
import { UsersService } from '../users/users.service';
import { MailService } from './mail.service';

/** The ticket mails: received, assigned (customer and agent), closed. Sent after the change, never blocking it. */
@Injectable()
export class MailListener {
  constructor(
    private readonly mail: MailService,
    private readonly users: UsersService,
  ) {}

  @OnEvent(DomainEvents.TicketCreated)
  async created({ ticket }: TicketCreatedEvent) {
    const customer = await this.users.findById(ticket.customer.id);
    if (!customer) return;
    void this.mail.send({
      to: customer.email,
      subject: `[#${ticket.number}] We received your question: ${ticket.subject}`,
      text: `Hello ${customer.firstName},\n\nThank you for your question "${ticket.subject}" (${ticket.category}). It is ticket #${ticket.number}. An expert will answer you in the ticket's chat; you will get an email when one is assigned.\n\nCustomer Care Registry`,
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
          text: `Hello ${customer.firstName},\n\nTicket #${ticket.number} "${ticket.subject}" is closed. You can rate the answer you received on the ticket's page.\n\nCustomer Care Registry`,
        });
      return;
    }
    if (!agent) return;
    if (customer)
      void this.mail.send({
        to: customer.email,
        subject: `[#${ticket.number}] ${agent.firstName} is answering your question`,
        text: `Hello ${customer.firstName},\n\n${agent.firstName} ${agent.lastName}, an expert in ${ticket.category}, now handles ticket #${ticket.number} "${ticket.subject}". Open the ticket to chat live.\n\nCustomer Care Registry`,
      });
    void this.mail.send({
      to: agent.email,
      subject: `[#${ticket.number}] Assigned to you: ${ticket.subject}`,
      text: `Hello ${agent.firstName},\n\nTicket #${ticket.number} "${ticket.subject}" (${ticket.category}) from ${ticket.customer.firstName} ${ticket.customer.lastName} is now yours.\n\nCustomer Care Registry`,
    });
  }
}
