import { SavedReplyScope } from './enums';
import { fillPlaceholders, matchSavedReplies, placeholderValues, slashQuery, unknownPlaceholders } from './saved-replies';

const ticket = {
  number: 42,
  subject: 'Does the kettle fit?',
  category: 'Home & Kitchen',
  customer: { id: 'c', firstName: 'Tom', lastName: 'Tailor' },
};
const values = placeholderValues(ticket, { firstName: 'Ada', lastName: 'Lovelace' });

describe('placeholders', () => {
  it('fills every known placeholder, spaces inside the braces allowed, and leaves other braces as written', () => {
    const body =
      'Hi {{customer.firstName}}, {{ agent.name }} here about {{ticket.number}} ({{ticket.subject}}, {{ticket.category}}). {{customer.name}} / {{agent.firstName}} {{order.id}} {{}} {single}';
    expect(fillPlaceholders(body, values)).toBe(
      'Hi Tom, Ada Lovelace here about #42 (Does the kettle fit?, Home & Kitchen). Tom Tailor / Ada {{order.id}} {{}} {single}',
    );
  });

  it('names each unknown placeholder once, in order', () => {
    expect(unknownPlaceholders('{{customer.firstName}} {{order.id}} {{ Customer.firstName }} {{order.id}}')).toEqual([
      'order.id',
      'Customer.firstName',
    ]);
    expect(unknownPlaceholders('no braces {here}')).toEqual([]);
  });

  it('does not read a value into a filled text twice', () => {
    const sly = placeholderValues({ ...ticket, subject: '{{agent.name}}' }, { firstName: 'Ada', lastName: 'L' });
    expect(fillPlaceholders('Re: {{ticket.subject}}', sly)).toBe('Re: {{agent.name}}');
  });
});

describe('slashQuery', () => {
  it('opens at the start of the text or after a space or line break', () => {
    expect(slashQuery('/ref', 4)).toEqual({ start: 0, query: 'ref' });
    expect(slashQuery('Sure. /Thanks', 13)).toEqual({ start: 6, query: 'thanks' });
    expect(slashQuery('line\n/', 6)).toEqual({ start: 5, query: '' });
  });

  it('stays shut inside words, links and after a space following the query', () => {
    expect(slashQuery('and/or', 6)).toBeNull();
    expect(slashQuery('see https://x.y/z', 17)).toBeNull();
    expect(slashQuery('/refund ', 8)).toBeNull();
    expect(slashQuery('/refund now', 3)).toEqual({ start: 0, query: 're' });
  });
});

describe('matchSavedReplies', () => {
  const reply = (shortcut: string, title: string, scope: SavedReplyScope = SavedReplyScope.TEAM) => ({ shortcut, title, scope });
  const replies = [
    reply('warranty', 'Warranty terms'),
    reply('refund', 'How refunds work'),
    reply('refund-late', 'Refund after 30 days'),
    reply('hello', 'Greeting'),
    reply('thanks', 'Thank you for waiting', SavedReplyScope.PERSONAL),
    reply('ref', 'My refund words', SavedReplyScope.PERSONAL),
  ];
  const shortcuts = (query: string) => matchSavedReplies(replies, query).map((r) => r.shortcut);

  it('lists everything by shortcut when nothing is typed, own replies first', () => {
    expect(shortcuts('')).toEqual(['ref', 'thanks', 'hello', 'refund', 'refund-late', 'warranty']);
  });

  it('ranks the exact shortcut, then shortcut prefixes, then title words, then anything containing it', () => {
    expect(shortcuts('refund')).toEqual(['refund', 'refund-late', 'ref']);
    expect(shortcuts('ref')).toEqual(['ref', 'refund', 'refund-late']);
    expect(shortcuts('wait')).toEqual(['thanks']);
    expect(shortcuts('ank')).toEqual(['thanks']);
    expect(shortcuts('zzz')).toEqual([]);
  });
});
