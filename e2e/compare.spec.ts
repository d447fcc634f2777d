import { expect, test } from './fixtures';
import type { StudioApp } from './pages/studio-app';

/** Starts a short ring8 run from the New run form and waits for it to complete. */
async function trainRing8(app: StudioApp, settings: Readonly<Record<string, string>>): Promise<string> {
  await app.page.goto(`${new URL(app.page.url()).origin}/#/runs/new?dataset=ring8`);
  const form = app.view('new-run');
  await expect(form.getByTestId('dataset-select')).toHaveValue('points:ring8');
  await app.fillNewRunSettings({ steps: '30', sampleEvery: '10', checkpointEvery: '30', ...settings });
  await form.getByTestId('start-run').click();
  const run = app.view('run');
  await expect(run.getByTestId('run-status')).toHaveText('completed', { timeout: 90_000 });
  return new URL(app.page.url()).hash.split('/').pop()!;
}

test.describe('comparing runs', () => {
  test('two finished runs: overlaid curves, the one changed setting, samples under one slider', async ({
    app,
  }, testInfo) => {
    test.setTimeout(240_000);
    await expect(app.view('datasets')).toBeVisible();
    const first = await trainRing8(app, { seed: '1' });
    const second = await trainRing8(app, { seed: '2' });

    const view = await app.open('compare');
    await view
      .getByRole('checkbox', { name: /Compare .*/ })
      .first()
      .check();
    await view
      .getByRole('checkbox', { name: /Compare .*/ })
      .nth(1)
      .check();
    await expect(view.getByTestId('compare-chart-loss_d')).toHaveAttribute('data-lines', '2');
    await expect(view.getByTestId('compare-chart-high_quality_pct')).toHaveAttribute('data-lines', '2');

    // Only the seed differs (run names differ too, but they are not settings).
    const diff = view.getByTestId('config-diff');
    await expect(diff.locator('tbody tr')).toHaveCount(1);
    await expect(diff.locator('tbody tr').first()).toContainText('seed');
    await view.getByTestId('diff-only').uncheck();
    await expect.poll(() => diff.locator('tbody tr').count()).toBeGreaterThan(20);

    // The slider moves every run's grid to its snapshot at or before the step.
    const columns = [first, second].map((id) => view.getByTestId(`compare-samples-${id}`).locator('img'));
    for (const column of columns) await expect(column).toHaveAttribute('data-step', '30');
    await view.getByTestId('compare-step').fill('15');
    for (const column of columns) await expect(column).toHaveAttribute('data-step', '10');
    await expect(view.getByTestId(`compare-samples-${first}`).getByTestId('compare-coverage')).toContainText(
      'of 8 modes',
    );

    await view.getByTestId('smoothing').fill('0.9');
    await view.getByTestId('x-axis').selectOption('time');
    await view.getByTestId('log-scale').check();
    await app.page.screenshot({ path: testInfo.outputPath(`${app.host}-compare.png`), fullPage: true });
    expect(app.consoleErrors).toEqual([]);
  });
});

test.describe('the objective lab', () => {
  test('trains one 2-D setup with all five objectives and opens them side by side', async ({ app }) => {
    test.setTimeout(180_000);
    const view = await app.open('playground');
    await view.locator('input[name="labSteps"]').fill('20');
    await view.locator('input[name="labSteps"]').blur();
    await view.getByTestId('start-lab').click();
    const compare = app.view('compare');
    await expect(compare.getByTestId('compare-picker').getByRole('checkbox', { checked: true })).toHaveCount(
      5,
    );
    // Every objective's run reaches the end and draws its line in the D(G(z)) chart.
    const chosen = compare
      .getByTestId('compare-picker')
      .locator('li', { has: app.page.getByRole('checkbox', { checked: true }) });
    await expect(chosen.filter({ hasText: 'completed' })).toHaveCount(5, { timeout: 150_000 });
    await compare.getByRole('button', { name: 'Refresh' }).click();
    await expect(compare.getByTestId('compare-chart-d_fake')).toHaveAttribute('data-lines', '5');
    await expect(compare.getByTestId('config-diff')).toContainText('objective');
  });
});
