import { expect, test } from './fixtures';
import { StudioApp } from './pages/studio-app';

/**
 * Two browser tabs on one studio server, as when a person keeps the studio open on a second screen or
 * machine: what one tab imports or deletes shows up in the other without a reload.
 */
test.describe('two windows on one studio', () => {
  test('a dataset and a run deleted in one tab leave the other tab too', async ({
    app,
    server,
    serverBrowser,
  }) => {
    test.skip(!server || !serverBrowser, 'Two tabs on one server: the server host only.');
    test.setTimeout(120_000);
    const context = await serverBrowser!.newContext();
    const other = new StudioApp(await context.newPage(), 'server');
    try {
      await other.page.goto(server!.openUrl);
      await expect(other.view('datasets')).toBeVisible();
      await expect(app.view('datasets')).toBeVisible();

      // Added here, listed there.
      await app.page.getByTestId('builtin-shapes').click();
      const card = (tab: StudioApp) => tab.page.getByRole('article', { name: 'shapes 32px' });
      await expect(card(app)).toBeVisible({ timeout: 30_000 });
      await expect(card(other)).toBeVisible();

      // Deleted here, gone there.
      await card(app).getByRole('button', { name: 'Delete shapes 32px' }).click();
      await app.page.getByTestId('confirm').click();
      await expect(card(app)).toHaveCount(0);
      await expect(card(other)).toHaveCount(0);

      // A short run, open in the other tab while it is deleted from the runs list here.
      await app.page.getByTestId('builtin-ring8').click();
      const form = app.view('new-run');
      await app.fillNewRunSettings({ steps: '20', sampleEvery: '10' });
      await form.getByTestId('start-run').click();
      await expect(app.view('run').getByTestId('run-status')).toHaveText('completed', { timeout: 90_000 });
      const runPath = new URL(app.page.url()).hash;
      const runId = runPath.split('/').pop()!;
      await other.page.goto(`${new URL(other.page.url()).origin}/${runPath}`);
      await expect(other.view('run').getByTestId('run-status')).toHaveText('completed');

      await app.open('runs');
      const row = app.page.getByTestId(`run-row-${runId}`);
      await row.getByRole('button', { name: /^Delete/ }).click();
      await app.page.getByTestId('confirm').click();
      await expect(row).toHaveCount(0);
      await expect(other.page.getByText('This run does not exist')).toBeVisible();
      await other.open('runs');
      await expect(other.page.getByTestId(`run-row-${runId}`)).toHaveCount(0);

      expect(app.consoleErrors).toEqual([]);
      expect(other.consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
