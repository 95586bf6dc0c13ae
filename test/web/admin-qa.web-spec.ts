/**
 * What a QA pass over the admin's pages found: settings edits dropped without a word when the admin
 * left the page.
 */
import { useBrowserApp } from './browser';

jest.setTimeout(180_000);

const DESKTOP = { width: 1440, height: 900 };

describe('admin QA', () => {
  const w = useBrowserApp();

  afterEach(() => expect(w.people.problems).toEqual([]));

  /** The admin's page; the questions it asks are kept in `asked` and answered as `answer` says. */
  async function answeringAdmin() {
    const page = await w.people.page('admin', { token: w.admin.token, viewport: DESKTOP });
    // Dialogs are this test's subject, not problems.
    page.removeAllListeners('dialog');
    const asked: string[] = [];
    const answer = { yes: false };
    page.on('dialog', (d) => {
      asked.push(d.type() === 'beforeunload' ? '(the browser asks before leaving)' : d.message());
      void (answer.yes ? d.accept() : d.dismiss());
    });
    return { page, asked, answer };
  }

  it('asks before unsaved settings are left behind, in the app and on closing the tab, and not once they are saved', async () => {
    const before: string[] = (await w.api.get('/categories', w.admin.token).expect(200)).body.items;
    await w.api.patch('/settings', { autoAssign: false }, w.admin.token).expect(200);
    const { page: admin, asked, answer } = await answeringAdmin();
    const nav = admin.getByRole('navigation', { name: 'Main' });
    const categories = admin.getByRole('list', { name: 'Categories' });
    const DISCARD = 'Discard unsaved changes?';

    await admin.goto(`${w.app.url}/admin/settings`);
    await categories.getByText(before[0], { exact: true }).waitFor();
    // Nothing changed: the admin moves on without a question.
    await nav.getByRole('link', { name: 'Stats' }).click();
    await admin.getByRole('heading', { name: 'Stats', level: 1 }).waitFor();
    expect(asked).toEqual([]);

    await nav.getByRole('link', { name: 'Settings' }).click();
    await admin.getByLabel('New category').fill('Garden tools');
    await admin.getByRole('button', { name: 'Add', exact: true }).click();
    await categories.getByText('Garden tools', { exact: true }).waitFor();

    // Another tab of the app: asked, and staying keeps the edit.
    let question = admin.waitForEvent('dialog');
    await nav.getByRole('link', { name: 'Stats' }).click();
    await question;
    expect(asked).toEqual([DISCARD]);
    expect(new URL(admin.url()).pathname).toBe('/admin/settings');
    await categories.getByText('Garden tools', { exact: true }).waitFor();

    // Closing the tab: the browser's own question; staying keeps the tab.
    question = admin.waitForEvent('dialog');
    await admin.close({ runBeforeUnload: true });
    await question;
    expect(asked).toEqual([DISCARD, '(the browser asks before leaving)']);
    expect(admin.isClosed()).toBe(false);

    // Signing out would drop the edit too: asked, and staying keeps the admin signed in.
    question = admin.waitForEvent('dialog');
    await admin.getByRole('button', { name: 'Sign out' }).click();
    await question;
    expect(asked.at(-1)).toBe(DISCARD);
    await categories.getByText('Garden tools', { exact: true }).waitFor();
    expect(new URL(admin.url()).pathname).toBe('/admin/settings');

    // Saved: nothing to lose, no question.
    await admin.getByRole('button', { name: 'Save categories' }).click();
    await admin.getByText('Categories saved.').waitFor();
    await nav.getByRole('link', { name: 'Stats' }).click();
    await admin.getByRole('heading', { name: 'Stats', level: 1 }).waitFor();
    expect(asked).toHaveLength(3);

    // A switch flipped and not saved asks too; agreeing leaves it unsaved.
    await nav.getByRole('link', { name: 'Settings' }).click();
    await admin.getByRole('switch', { name: 'Assign new tickets automatically' }).check();
    answer.yes = true;
    question = admin.waitForEvent('dialog');
    await nav.getByRole('link', { name: 'Queue' }).click();
    await question;
    expect(asked.at(-1)).toBe(DISCARD);
    await admin.getByRole('heading', { name: 'Live queue' }).waitFor();
    expect((await w.api.get('/settings', w.admin.token).expect(200)).body.autoAssign).toBe(false);

    // Back on the settings with nothing changed, the tab closes without a question.
    await nav.getByRole('link', { name: 'Settings' }).click();
    await categories.getByText('Garden tools', { exact: true }).waitFor();
    const closed = new Promise<void>((resolve) => admin.once('close', () => resolve()));
    await admin.close({ runBeforeUnload: true });
    await closed;
    expect(asked).toHaveLength(4);

    await w.api.put('/categories', { items: before }, w.admin.token).expect(200);
  });
});
