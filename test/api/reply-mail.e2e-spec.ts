import { useTestApp } from '../helpers/app';
import { newClientId, type Session } from '../helpers/api';
import { ack, sleep } from '../helpers/socket';

jest.setTimeout(60_000);

/** A customer with no socket open hears of an agent's answer by mail: one mail per ticket, about the first answer. */
describe('reply mails', () => {
  const f = useTestApp({ smtp: true, env: { PUBLIC_ORIGIN: 'https://care.example.test' } });
  /** A mail's text with quoted-printable soft line breaks undone. */
  const text = (m: { raw: string }) => m.raw.replace(/=\r?\n/g, '');

  async function chat() {
    const customer = await f.api.registerCustomer();
    const agent = (await f.api.createAgent(f.admin.token)) as unknown as Session;
    const ticket = await f.api.raiseTicket(customer.token);
    await f.api.assign(f.admin.token, ticket.id, agent.user.id);
    return { customer, agent, ticket, a: await f.online(agent.token) };
  }
  const repliesTo = (email: string) => f.smtp.mails.filter((m) => m.to.includes(email) && /New reply from/.test(m.subject));

  it('answers sent together while the customer is away make one mail, about the first of them', async () => {
    const { customer, ticket, a } = await chat();
    // Sent at once: they share the group commit's transactions, so the listener sees them together.
    const answers = await Promise.all(
      ['First answer', 'Second answer', 'Third answer'].map((body) =>
        ack(a, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body }),
      ),
    );
    expect(answers.every((x) => x.ok)).toBe(true);
    const mail = await f.smtp.waitFor((m) => m.to.includes(customer.email.toLowerCase()) && /New reply from/.test(m.subject));
    expect(mail.raw).toContain('First answer');
    // The mail takes the customer to the ticket's page at the app's public address.
    expect(text(mail)).toContain(`https://care.example.test/customer/tickets/${ticket.id}`);
    expect(mail.raw).not.toContain('Second answer');
    await sleep(500);
    expect(repliesTo(customer.email.toLowerCase())).toHaveLength(1);
  });

  it('no mail while the customer is online, and none for the customer’s own messages', async () => {
    const { customer, ticket, a } = await chat();
    await f.api.post(`/tickets/${ticket.id}/messages`, { clientId: newClientId(), body: 'my own question' }, customer.token).expect(201);
    await f.online(customer.token);
    expect((await ack(a, 'message:send', { ticketId: ticket.id, clientId: newClientId(), body: 'while you are here' })).ok).toBe(true);
    await sleep(500);
    expect(repliesTo(customer.email.toLowerCase())).toHaveLength(0);
  });

  it('the assignment mails take the customer and the agent each to their own page of the ticket', async () => {
    const customer = await f.api.registerCustomer();
    const agent = (await f.api.createAgent(f.admin.token)) as unknown as Session;
    const ticket = await f.api.raiseTicket(customer.token);
    await f.api.assign(f.admin.token, ticket.id, agent.user.id);
    const toCustomer = await f.smtp.waitFor(
      (m) => m.to.includes(customer.email.toLowerCase()) && /is answering your question/.test(m.subject),
    );
    const toAgent = await f.smtp.waitFor((m) => m.to.includes(agent.user.email.toLowerCase()) && /Assigned to you/.test(m.subject));
    expect(text(toCustomer)).toContain(`https://care.example.test/customer/tickets/${ticket.id}`);
    expect(text(toAgent)).toContain(`https://care.example.test/agent/tickets/${ticket.id}`);
    expect(text(toAgent)).not.toContain('/customer/tickets/');
  });
});
