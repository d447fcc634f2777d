#!/usr/bin/env node
/* global document -- the function passed to page.waitForFunction runs in the browser. */
// Compare at scale: seeds 8 finished runs of 100,000 steps × 8 metrics in a real store, then measures
// the store's decimated read for the compare view (runs.metrics with maxPoints, per run), and the time
// from opening #/compare?runs=… in Chromium until every chart shows a line per run. Needs
// `npm run build` first (the renderer bundle). `--json` ends with one JSON line for bench/run-all.mjs.
//
//   node bench/compare-open.mjs [--runs 8] [--points 100000] [--json]
import { parseArgs } from 'node:util';
import { DASHBOARD_METRICS, startServedStudio } from './lib/served-studio.mjs';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '8' },
    points: { type: 'string', default: '100000' },
    json: { type: 'boolean', default: false },
  },
});
const runCount = Number(values.runs);
const points = Number(values.points);

const ui = await startServedStudio();
try {
  const seeded = performance.now();
  const ids = Array.from({ length: runCount }, (_, i) => ui.seedRun(`compare bench ${i + 1}`, points).run.id);
  const seedSeconds = (performance.now() - seeded) / 1000;
  console.log(
    `Seeded ${runCount} runs × ${points.toLocaleString()} steps × ${DASHBOARD_METRICS.length} metrics in ${seedSeconds.toFixed(1)} s.`,
  );

  const read = performance.now();
  for (const id of ids) {
    const result = await ui.studio.invoke('runs.metrics', { id, maxPoints: 2000 });
    if (!result.ok) throw new Error(result.error.message);
  }
  const readMs = performance.now() - read;
  console.log(
    `Store: decimated read of all ${DASHBOARD_METRICS.length} metrics (≤ 2,000 points each) for ${runCount} runs: ${readMs.toFixed(0)} ms (${(readMs / runCount).toFixed(0)} ms per run).`,
  );

  const page = await ui.newPage();
  const opened = performance.now();
  await page.goto(`${ui.server.openUrl}#/compare?runs=${ids.join(',')}`);
  await page.waitForFunction(
    (n) =>
      [...document.querySelectorAll('[data-testid^="compare-chart-"]')].filter(
        (chart) => Number(chart.getAttribute('data-lines')) === n,
      ).length >= 8,
    runCount,
    { timeout: 120_000 },
  );
  const openSeconds = (performance.now() - opened) / 1000;
  console.log(`Compare view open → 8 charts with ${runCount} lines each: ${openSeconds.toFixed(2)} s.`);
  if (values.json) {
    const metrics = DASHBOARD_METRICS.length;
    console.log(JSON.stringify({ runs: runCount, points, metrics, seedSeconds, readMs, openSeconds }));
  }
} finally {
  await ui.close();
}
