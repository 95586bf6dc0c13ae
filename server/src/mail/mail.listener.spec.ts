import '../users/agent-profile.entity'; // the entities' import cycle resolves from this side, as in the app
import { Role, type MessageDto } from '@ccr/shared';
import type { StoredMessage } from '../common/domain-events';
import type { PresenceService } from '../realtime/presence.service';
import type { UsersService } from '../users/users.service';
import type { MailService } from './mail.service';
import type { AppConfig } from '../config/config';
import { MailListener } from './mail.listener';

/** The "new reply" mail: for customers who are offline, decided for a whole stored batch at once. */
describe('mail listener: reply mails for a batch', () => {
  const stored = (ticketId: string, customerId: string, role: Role, body = 'an answer'): StoredMessage => ({
    message: { ticketId, body, sender: { id: `${role}-1`, role, firstName: 'Ada', lastName: 'L' } } as unknown as MessageDto,
    customerId,
    agentId: 'AGENT-1',
  });

  function listener(online: Set<string>) {
    const lookUps: string[][] = [];
    const sent: { to: string; subject: string }[] = [];
    const presence = {
      onlineMap: (ids: string[]) => {
        lookUps.push(ids);
        return Promise.resolve(new Map(ids.map((id) => [id, online.has(id)])));
      },
    } as unknown as PresenceService;
    const users = {
      findById: (id: string) => Promise.resolve({ id, email: `${id}@example.test`, firstName: id }),
    } as unknown as UsersService;
    const mail = { send: (m: { to: string; subject: string }) => void sent.push(m) } as unknown as MailService;
    return {
      l: new MailListener(mail, users, presence, null, { publicOrigin: null, production: false, port: 3000 } as AppConfig),
      lookUps,
      sent,
    };
  }

  it('asks for presence once per batch and mails each offline customer once per ticket', async () => {
    const { l, lookUps, sent } = listener(new Set(['C-online']));
    await l.replies({
      messages: [
        stored('T-1', 'C-away', Role.AGENT),
        stored('T-1', 'C-away', Role.AGENT, 'a second answer in the same batch'),
        stored('T-2', 'C-online', Role.AGENT),
        stored('T-3', 'C-away', Role.AGENT),
        stored('T-4', 'C-quiet', Role.CUSTOMER),
      ],
    });
    expect(lookUps).toEqual([['C-away', 'C-online']]);
    expect(sent.map((m) => m.to).sort()).toEqual(['C-away@example.test', 'C-away@example.test']);
    expect(sent[0].subject).toBe('New reply from Ada on your ticket');
  });

  it('looks nothing up for a batch without an answer from an agent', async () => {
    const { l, lookUps, sent } = listener(new Set());
    await l.replies({ messages: [stored('T-1', 'C-1', Role.CUSTOMER)] });
    expect(lookUps).toEqual([]);
    expect(sent).toEqual([]);
  });
});
