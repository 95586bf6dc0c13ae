/**
 * What a QA pass on a phone (390×844) and a small laptop (1280×800), light and dark, found: an agent
 * in one chat on a phone had no sign that a customer in another chat wrote (the list, with its
 * unread counts, is hidden behind the chat's Back link, and the spoken count was hidden with it);
 * a sign-in refused for a mistyped password kept that password, hidden behind its dots, with
 * the caret after it, so the password typed again was added to it and refused once more; the chat's
 * ← stacked a new list page on the history, so the phone's back button walked through every chat
 * opened; and the details over a chat on a phone closed only with the button that opened them.
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
    // The app's header is one row (logo, Workspace, initials): the chat starts right below it.
    const header = (await pia.getByRole('banner').boundingBox())!;
    expect(header.height).toBeLessThanOrEqual(56);
    expect((await back.boundingBox())!.y).toBeLessThan(header.y + header.height + 20);

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

  it("the chat's ← goes back to the list the way the phone's back button does, so going back never walks through every chat opened", async () => {
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Rui', expertise: [], maxConcurrent: 5 });
    const cy = await w.api.registerCustomer({ firstName: 'Cy' });
    const first = await w.api.raiseTicket(cy.token, { subject: 'Blender lid loose' });
    const second = await w.api.raiseTicket(cy.token, { subject: 'Mixer bowl cracked' });
    for (const t of [first, second]) await w.api.assign(w.admin.token, t.id, agent.user.id);
    const rui = await w.people.page('Rui', { token: agent.token, viewport: PHONE });
    const list = rui.getByRole('complementary', { name: 'Your conversations' });
    const back = rui.getByRole('link', { name: /^Back to conversations/ });
    // Rui starts in the second chat (a link from a mail), goes to the list, into the first chat and back.
    await rui.goto(`${w.app.url}/agent/tickets/${second.id}`);
    await composer(rui).waitFor();
    await back.click();
    await list.getByRole('link', { name: /Blender lid loose/ }).click();
    await rui.waitForURL(`**/agent/tickets/${first.id}`);
    await back.click();
    await rui.waitForURL(`${w.app.url}/agent`);

    // The phone's back button now goes where he was before the list, not into the first chat again.
    await rui.goBack();
    await rui.waitForURL(`**/agent/tickets/${second.id}`);
    await composer(rui).waitFor();
    await rui.context().close();
  });

  it('the details over a chat on a phone close with Escape (focus back on Details) or a tap on the chat', async () => {
    const agent = await w.api.createAgent(w.admin.token, { firstName: 'Sol', expertise: [] });
    const dee = await w.api.registerCustomer({ firstName: 'Dee' });
    const ticket = await w.api.raiseTicket(dee.token, { subject: 'Fan rattles at speed 3' });
    await w.api.assign(w.admin.token, ticket.id, agent.user.id);
    const sol = await w.people.page('Sol', { token: agent.token, viewport: PHONE });
    await sol.goto(`${w.app.url}/agent/tickets/${ticket.id}`);
    await composer(sol).waitFor();
    const details = sol.getByRole('button', { name: 'Details' });
    const panel = sol.getByRole('complementary', { name: 'Ticket details' });

    await details.click();
    await panel.waitFor();
    await sol.keyboard.press('Escape');
    await panel.waitFor({ state: 'hidden' });
    await expect(details.getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(details.evaluate((el) => el === document.activeElement)).resolves.toBe(true);

    await details.click();
    await panel.waitFor();
    await messages(sol).click({ position: { x: 20, y: 20 } });
    await panel.waitFor({ state: 'hidden' });
    // A tap inside the details leaves them open.
    await details.click();
    await panel.getByText('Fan rattles at speed 3').click();
    await expect(panel.isVisible()).resolves.toBe(true);
    await sol.context().close();
  });
});
