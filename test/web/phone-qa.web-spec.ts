/**
 * What a QA pass on a phone (390×844) and a small laptop (1280×800), light and dark, found: a
 * sign-in refused for a mistyped password kept that password, hidden behind its dots, with the
 * caret after it, so the password typed again was added to it and refused once more.
 */
import { useBrowserApp } from './browser';

jest.setTimeout(150_000);

const PHONE = { width: 390, height: 844 };

describe('on a phone, after a QA pass', () => {
  const w = useBrowserApp();

  afterEach(() => expect(w.people.problems).toEqual([]));

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
