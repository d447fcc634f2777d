import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';

const updates = async (view: Locator, which: 'g' | 'd') =>
  Number(await view.getByTestId(`playground-${which}-updates`).innerText());

/** How many distinct colours a square of the canvas shows (a painted surface has many, a blank one 1). */
async function distinctColours(canvas: Locator): Promise<number> {
  return canvas.evaluate((el: HTMLCanvasElement) => {
    const data = el.getContext('2d')!.getImageData(0, 0, el.width, el.height).data;
    const seen = new Set<number>();
    for (let i = 0; i < data.length; i += 4 * 97)
      seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
    return seen.size;
  });
}

test.describe('the interactive playground', () => {
  test('play, pause, single D and G steps, the surface renders, modes captured updates, a drawn set', async ({
    app,
  }, testInfo) => {
    test.setTimeout(180_000);
    const page = app.page;
    const view = await app.open('playground');
    const canvas = view.getByTestId('playground-canvas');
    await expect(view.getByTestId('playground-status')).toHaveText(/idle/);

    // Play: the host starts a session in a process of its own and streams frames.
    await view.getByTestId('playground-play').click();
    await expect(view.getByTestId('playground-status')).toContainText('playing', { timeout: 60_000 });
    await expect.poll(() => updates(view, 'g'), { timeout: 60_000 }).toBeGreaterThan(100);
    await expect(canvas).toHaveAttribute('data-heatmap', 'drawn');
    expect(await distinctColours(canvas)).toBeGreaterThan(20);
    await expect(view.getByTestId('playground-modes')).toHaveText(/^\d+ \/ 8$/);
    await expect(view.getByTestId('longest-arrow')).toBeVisible();

    // Pause: the counters stop.
    await view.getByTestId('playground-play').click();
    await expect(view.getByTestId('playground-status')).toContainText('paused');
    await expect(view.getByTestId('playground-play')).toHaveText('Play');
    // Let the pause's own frame arrive, then nothing moves.
    await page.waitForTimeout(500);
    const g = await updates(view, 'g');
    const d = await updates(view, 'd');
    await page.waitForTimeout(700);
    expect(await updates(view, 'g')).toBe(g);

    // One D update: D moves, G does not; then one G update.
    await view.getByTestId('playground-step-d').click();
    await expect.poll(() => updates(view, 'd')).toBe(d + 1);
    expect(await updates(view, 'g')).toBe(g);
    await view.getByTestId('playground-step-g').click();
    await expect.poll(() => updates(view, 'g')).toBe(g + 1);
    expect(await updates(view, 'd')).toBe(d + 1);
    await expect(canvas).toHaveAttribute('data-updates', `${d + 1}:${g + 1}`);

    // Slow motion: a few steps a second, each shown.
    await view.locator('select[name="playgroundSpeed"]').selectOption({ label: '10 steps/s' });
    await view.getByTestId('playground-play').click();
    await expect(view.getByTestId('playground-status')).toContainText('playing');
    const slowStart = await updates(view, 'g');
    await page.waitForTimeout(2000);
    const slowSteps = (await updates(view, 'g')) - slowStart;
    expect(slowSteps).toBeGreaterThan(0);
    expect(slowSteps).toBeLessThan(40);
    await view.getByTestId('playground-play').click();
    await expect(view.getByTestId('playground-status')).toContainText('paused');
    await canvas.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`${app.host}-playground.png`) });

    // A drawn distribution: three clicks, three modes.
    await view.locator('select[name="playgroundData"]').selectOption('drawn');
    await expect(view.getByTestId('playground-drawing-hint')).toBeVisible();
    // Clicks at fractions of the canvas (the locator scrolls it into view first).
    const box = (await canvas.boundingBox())!;
    for (const [fx, fy] of [
      [0.3, 0.3],
      [0.7, 0.3],
      [0.5, 0.75],
    ] as const) {
      await canvas.click({ position: { x: fx * box.width, y: fy * box.height } });
    }
    await expect(view.getByTestId('playground-drawing-hint')).toContainText('3 / 400 points');
    await view.getByTestId('playground-draw').click();
    await expect(view.getByTestId('playground-modes')).toHaveText(/^\d+ \/ 3$/, { timeout: 60_000 });
    await view.getByTestId('playground-step').click();
    await expect.poll(() => updates(view, 'g')).toBe(1);
    await canvas.scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`${app.host}-playground-drawn.png`) });
  });
});
