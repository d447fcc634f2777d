import { expect, test } from './fixtures';

const SECTIONS = ['datasets', 'runs', 'compare', 'playground', 'system'] as const;

test.describe('the studio shell', () => {
  test('opens on Datasets with an empty state that says what to do next', async ({ app }) => {
    await expect(app.view('datasets')).toBeVisible();
    await expect(app.view('datasets').getByTestId('empty-state')).toContainText(/import/i);
    await expect(app.page).toHaveTitle(/GAN Studio/);
  });

  test('every section is reachable from the navigation, with a clean console', async ({ app }, testInfo) => {
    for (const section of SECTIONS) {
      const view = await app.open(section);
      await expect(view).toBeVisible();
      await expect(app.navLink(section)).toHaveAttribute('aria-current', 'page');
      await app.page.screenshot({ path: testInfo.outputPath(`${app.host}-${section}.png`) });
    }
    expect(app.consoleErrors).toEqual([]);
  });

  test('the System page shows system.info: host, data directory and the active backend', async ({ app }) => {
    const view = await app.open('system');
    await expect(view.getByTestId('system-host')).toHaveText(app.host);
    await expect(view.getByTestId('system-data-dir')).toContainText('gan-studio-e2e-');
    // Here wasm is the best backend that loads; tfjs-node-gpu is an optional native package.
    const active = view.locator('[data-testid^="backend-row-"][data-status="active"]');
    await expect(active).toHaveCount(1);
    await expect(app.backendRow('cpu')).toHaveAttribute('data-status', /active|available/);
  });

  test('keyboard shortcuts move between sections', async ({ app }) => {
    await expect(app.view('datasets')).toBeVisible();
    await app.page.keyboard.press('g');
    await app.page.keyboard.press('s');
    await expect(app.view('system')).toBeVisible();
    await app.page.keyboard.press('g');
    await app.page.keyboard.press('r');
    await expect(app.view('runs')).toBeVisible();
  });

  test('an API error reaches the person as a toast carrying its message', async ({ app }) => {
    // Wait for the first route to settle, so the address change below is not overtaken by it.
    await expect(app.view('datasets')).toBeVisible();
    await app.page.evaluate(() => {
      window.location.hash = '#/runs/run_that_does_not_exist';
    });
    await expect(app.view('run')).toBeVisible();
    await expect(app.toasts().first()).toContainText('There is no run with id "run_that_does_not_exist"');
    await expect(app.view('run')).toContainText(/does not exist/i);
  });
});
