#!/usr/bin/env node
/* global document, window, requestAnimationFrame -- the functions passed to page.evaluate run in the browser. */
// Live charts at 100,000 points per series: seeds a run with that many steps of every dashboard metric
// in a real store, serves the real UI (`gan-studio serve`'s code, in this process), opens the run's
// dashboard in Chromium, and measures (1) how long until the charts hold every point, then (2) while
// new steps stream in (the way a trainer's progress reports arrive: points stored, then run.progress),
// the frame gaps and long tasks of the page. Needs `npm run build` first (the renderer bundle).
//
// `--json` ends with one JSON line for bench/run-all.mjs.
//
//   node bench/chart-streaming.mjs [--points 100000] [--seconds 10] [--every 250] [--per-update 25] [--json]
import { parseArgs } from 'node:util';
import { DASHBOARD_METRICS, startServedStudio } from './lib/served-studio.mjs';

const { values } = parseArgs({
  options: {
    points: { type: 'string', default: '100000' },
    seconds: { type: 'string', default: '10' },
    every: { type: 'string', default: '250' },
    'per-update': { type: 'string', default: '25' },
    json: { type: 'boolean', default: false },
  },
});
const points = Number(values.points);
const perUpdate = Number(values['per-update']);

const ui = await startServedStudio();
try {
  const seeded = performance.now();
  const { run, addSteps, lastStep } = ui.seedRun('chart bench', points, {
    status: 'running',
    totalSteps: points * 2,
  });
  const seedSeconds = ((performance.now() - seeded) / 1000).toFixed(1);
  console.log(
    `Seeded ${points.toLocaleString()} steps × ${DASHBOARD_METRICS.length} metrics in ${seedSeconds} s.`,
  );

  const page = await ui.newPage();
  const pointsHeld = (expected) =>
    page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid="chart-loss_d"]')?.getAttribute('data-points')) >= n,
      expected,
      { timeout: 120_000 },
    );
  const opened = performance.now();
  await page.goto(`${ui.server.openUrl}#/runs/${run.id}`);
  await pointsHeld(points * 2); // two lines (D and G loss) in that chart
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
    ).observe({
      type: 'longtask',
    });
  });
  const until = performance.now() + Number(values.seconds) * 1000;
  let updates = 0;
  while (performance.now() < until) {
    addSteps(perUpdate);
    ui.studio.events.emit('run.progress', {
      runId: run.id,
      step: lastStep(),
      totalSteps: points * 2,
      imagesPerSecond: 1000,
      metrics: { loss_d: 1, loss_g: 1 },
    });
    updates += 1;
    await new Promise((resolve) => setTimeout(resolve, Number(values.every)));
  }
  await pointsHeld(lastStep() * 2);
  const result = await page.evaluate(() => {
    window.__bench.running = false;
    return { gaps: window.__bench.gaps.slice(1), longTasks: window.__bench.longTasks };
  });
  const gaps = result.gaps.sort((a, b) => a - b);
  const pct = (p) => gaps[Math.min(gaps.length - 1, Math.floor((p / 100) * gaps.length))] ?? 0;
  console.log(
    `Dashboard open → all ${points.toLocaleString()} points per series held by 4 charts: ${(loadMs / 1000).toFixed(2)} s.`,
  );
  console.log(
    `Streaming ${updates} updates of ${perUpdate} steps (every ${values.every} ms, ${DASHBOARD_METRICS.length} metrics): ` +
      `${gaps.length} frames, frame gap p50 ${pct(50).toFixed(1)} ms, p95 ${pct(95).toFixed(1)} ms, max ${gaps.at(-1)?.toFixed(0)} ms; ` +
      `${result.longTasks.length} long tasks (> 50 ms), longest ${Math.max(0, ...result.longTasks).toFixed(0)} ms; ` +
      `${lastStep().toLocaleString()} points per series at the end.`,
  );
  if (values.json) {
    const longTasks = result.longTasks;
    console.log(
      JSON.stringify({
        points,
        metrics: DASHBOARD_METRICS.length,
        seedSeconds: Number(seedSeconds),
        loadSeconds: loadMs / 1000,
        updates,
        perUpdate,
        everyMs: Number(values.every),
        frames: gaps.length,
        frameGapMs: { p50: pct(50), p95: pct(95), max: gaps.at(-1) ?? 0 },
        longTasks: longTasks.length,
        longestTaskMs: Math.max(0, ...longTasks),
        pointsAtEnd: lastStep(),
      }),
    );
  }
} finally {
  await ui.close();
}
