/**
 * What a QA pass on a phone (390×844) and a small laptop (1280×800), light and dark, found: an agent
 * in one chat on a phone had no sign that a customer in another chat wrote (the list, with its
 * unread counts, is hidden behind the chat's Back link, and the spoken count was hidden with it);
 * and a sign-in refused for a mistyped password kept that password, hidden behind its dots, with
 * the caret after it, so the password typed again was added to it and refused once more.
 */
import { newClientId } from '../helpers/api';
import { composer, messages, useBrowserApp } from './browser';

jest.setTimeout(150_000);

const PHONE = { width: 390, height: 844 };

describe('on a phone, after a QA pass', () => {
  const w = useBrowserApp();

  afterEach(() => expect(w.people.problems).toEqual([]));

  it('an agent in one chat sees on the way back to the list that another chat has new messages, and a screen reader says so', async () => {
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Pia', expertise: [], maxConcurrent: 5 });
    const [ann, ben] = [await w.api.registerCustomer({ firstName: 'Ann' }), await w.api.registerCustomer({ firstName: 'Ben' })];
    const annT = await w.api.raiseTicket(ann.token, { subject: 'Kettle keeps boiling' });
    const benT = await w.api.raiseTicket(ben.token, { subject: 'Toaster burns the bread' });
    for (const t of [annT, benT]) await w.api.assign(w.admin.token, t.id, agent.user.id);
    const write = (ticketId: string, token: string, body: string) =>
      w.api.post(`/tickets/${ticketId}/messages`, { clientId: newClientId(), body }, token).expect(201);

    const pia = await w.people.page('Pia', { token: agent.token, viewport: PHONE });
    await pia.goto(`${w.app.url}/agent/tickets/${annT.id}`);
    await composer(pia).waitFor();
    const back = pia.getByRole('link', { name: /^Back to conversations/ });
    await expect(back.getAttribute('aria-label')).resolves.toBe('Back to conversations');

    // Ben writes twice while Pia is in Ann's chat: the way back counts them, seen and spoken.
    await write(benT.id, ben.token, 'Hello?');
    await write(benT.id, ben.token, 'The toaster is smoking now');
    await pia.getByRole('link', { name: 'Back to conversations, 2 unread' }).waitFor();
    await expect(back.innerText()).resolves.toContain('2');
    await pia.getByRole('status').filter({ hasText: '2 unread messages' }).waitFor();
    // Ann's message lands in the open chat: read at once, not counted.
    await write(annT.id, ann.token, 'The lid is closed');
    await messages(pia).getByText('The lid is closed').waitFor();
    await expect(back.getAttribute('aria-label')).resolves.toBe('Back to conversations, 2 unread');

    await back.click();
    await pia.getByRole('link', { name: /Toaster burns the bread/ }).click();
    await messages(pia).getByText('The toaster is smoking now').waitFor();
    // Both chats read: nothing waits any more.
    await expect(back.getAttribute('aria-label')).resolves.toBe('Back to conversations');
    await expect(back.innerText()).resolves.not.toMatch(/\d/);
    await pia.context().close();
  });

  it('after a mistyped password, the password typed again is the only one sent', async () => {
    const customer = await w.api.registerCustomer({ firstName: 'Tomasz' });
    const page = await w.people.page('Tomasz', { viewport: PHONE });
    await w.people.signIn(page, customer.email, `${customer.password}x`);
    await page.getByRole('alert').getByText('That email and password do not match an account.').waitFor();
    await expect(page.getByLabel('Password').inputValue()).resolves.toBe('');

    // The focus is on the password, so the customer just types it again.
    await page.keyboard.type(customer.password);
    await page.keyboard.press('Enter');
    await page.waitForURL('**/customer');
    await page.getByRole('heading', { name: 'My tickets' }).waitFor();
    await page.context().close();
  });
});
