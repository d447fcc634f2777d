#!/usr/bin/env node
/* global document, window, requestAnimationFrame -- the functions passed to page.evaluate run in the browser. */
// Live charts at 100,000 points per series: seeds a run with that many steps of every dashboard metric
// in a real store, serves the real UI (`gan-studio serve`'s code, in this process), opens the run's
// dashboard in Chromium, and measures (1) how long until the charts hold every point, then (2) while
// new steps stream in (the way a trainer's progress reports arrive: points stored, then run.progress),
// the frame gaps and long tasks of the page. Needs `npm run build` first (the renderer bundle).
//
//   node bench/chart-streaming.mjs [--points 100000] [--seconds 10] [--every 250] [--per-update 25]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleSources } from './lib/bundle-sources.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = join(ROOT, 'out', 'bench-charts');
const RENDERER = join(ROOT, 'out', 'renderer');
const METRICS = [
  'loss_d',
  'loss_g',
  'd_real',
  'd_fake',
  'js',
  'grad_norm_d',
  'grad_norm_g',
  'images_per_second',
];

const { values } = parseArgs({
  options: {
    points: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '10' },
    every: { type: 'string', default: '250' },
    'per-update': { type: 'string', default: '25' },
  },
});
const points = Number(values.points);
const perUpdate = Number(values['per-update']);

if (!existsSync(join(RENDERER, 'index.html'))) {
  console.error('Build the renderer first: npm run build');
  process.exit(1);
}
await bundle();
const home = mkdtempSync(join(tmpdir(), 'gan-studio-bench-charts-'));
process.env.GAN_STUDIO_HOME = home;
const mod = (name) => import(pathToFileURL(join(BUNDLE, `${name}.js`)).href);
const [{ openStudio }, { startServer }, store, recipes] = await Promise.all([
  mod('open-studio'),
  mod('server'),
  mod('store'),
  mod('recipes'),
]);

const studio = openStudio('server');
const server = await startServer({ studio, rendererDir: RENDERER, host: '127.0.0.1', port: 0 });
const db = store.openStore(studio.storePath);
const { chromium } = await import('@playwright/test');
const browser = await chromium.launch({
  ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
  args: ['--no-sandbox', '--disable-gpu'],
});
try {
  const config = recipes.buildTrainingConfig(recipes.factsOfPointSet('ring8'), { steps: points * 2 });
  const run = store.insertRun(db, {
    name: 'chart bench',
    datasetId: null,
    recipe: 'mlp',
    config,
    totalSteps: points * 2,
  });
  store.updateRunStatus(db, run.id, { status: 'running', backend: 'wasm' });
  let step = 0;
  const addSteps = (count) => {
    const batch = [];
    for (let i = 0; i < count; i++) {
      step += 1;
      for (const [m, name] of METRICS.entries()) {
        batch.push({
          name,
          step,
          value: Math.sin(step / 500 + m) + Math.random() * 0.2,
          wallTime: step / 10,
        });
      }
    }
    db.transaction(() => store.insertMetricPoints(db, run.id, batch))();
  };
  const seeded = performance.now();
  for (let i = 0; i < points; i += 10_000) addSteps(Math.min(10_000, points - i));
  console.log(
    `Seeded ${points.toLocaleString()} steps × ${METRICS.length} metrics in ${((performance.now() - seeded) / 1000).toFixed(1)} s.`,
  );

  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (message) => message.type() === 'error' && console.error(`[page] ${message.text()}`));
  page.on('pageerror', (error) => console.error(`[page] ${error.message}`));
  const lossChart = page.getByTestId('chart-loss_d');
  const opened = performance.now();
  await page.goto(`${server.openUrl}#/runs/${run.id}`);
  await page.waitForFunction(
    (expected) =>
      Number(document.querySelector('[data-testid="chart-loss_d"]')?.getAttribute('data-points')) >= expected,
    points * 2,
    { timeout: 120_000 },
  );
  const loadMs = performance.now() - opened;

  // Frame gaps and long tasks while points stream in.
  await page.evaluate(() => {
    const bench = { gaps: [], longTasks: [], last: performance.now(), running: true };
    window.__bench = bench;
    const tick = (now) => {
      bench.gaps.push(now - bench.last);
      bench.last = now;
      if (bench.running) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    new PerformanceObserver((list) =>
      bench.longTasks.push(...list.getEntries().map((e) => e.duration)),
    ).observe({ type: 'longtask' });
  });
  const until = performance.now() + Number(values.seconds) * 1000;
  let updates = 0;
  while (performance.now() < until) {
    addSteps(perUpdate);
    studio.events.emit('run.progress', {
      runId: run.id,
      step,
      totalSteps: points * 2,
      imagesPerSecond: 1000,
      metrics: { loss_d: 1, loss_g: 1 },
    });
    updates += 1;
    await new Promise((r) => setTimeout(r, Number(values.every)));
  }
  await page.waitForFunction(
    (expected) =>
      Number(document.querySelector('[data-testid="chart-loss_d"]')?.getAttribute('data-points')) >= expected,
    step * 2,
    { timeout: 30_000 },
  );
  const result = await page.evaluate(() => {
    window.__bench.running = false;
    return { gaps: window.__bench.gaps.slice(1), longTasks: window.__bench.longTasks };
  });
  const gaps = result.gaps.sort((a, b) => a - b);
  const pct = (p) => gaps[Math.min(gaps.length - 1, Math.floor((p / 100) * gaps.length))] ?? 0;
  const held = Number(await lossChart.getAttribute('data-points')) / 2;
  console.log(
    `Dashboard open → all ${points.toLocaleString()} points per series drawn in 4 charts: ${(loadMs / 1000).toFixed(2)} s.`,
  );
  console.log(
    `Streaming ${updates} updates of ${perUpdate} steps (every ${values.every} ms, ${METRICS.length} metrics): ` +
      `${gaps.length} frames, frame gap p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${gaps.at(-1)?.toFixed(0)} ms; ` +
      `${result.longTasks.length} long tasks (> 50 ms), longest ${Math.max(0, ...result.longTasks).toFixed(0)} ms; ` +
      `${held.toLocaleString()} points per series at the end.`,
  );
} finally {
  await browser.close();
  db.close();
  await server.close();
  await studio.shutdown();
  rmSync(home, { recursive: true, force: true });
}

/** The host pieces this benchmark drives, bundled from source. */
function bundle() {
  return bundleSources(ROOT, BUNDLE, {
    'open-studio': 'src/cli/open-studio.ts',
    server: 'src/server/server.ts',
    store: 'src/core/store/index.ts',
    recipes: 'src/shared/engine/recipes.ts',
  });
}
