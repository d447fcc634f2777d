#!/usr/bin/env node
// Metric writes at scale: inserts N points (8 dashboard metrics per step) for one run into a real
// store (src/core/store, bundled here with vite; a fresh SQLite file in a temp folder) through
// insertMetricPoints, one transaction per batch as the host's RunRecorder writes them, and prints the
// time, points/s and the size of the database. `--json` ends with one JSON line for bench/run-all.mjs.
//
//   node bench/metric-insert.mjs [--points 1000000] [--batch 1000] [--json]
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleSources } from './lib/bundle-sources.mjs';
import { DASHBOARD_METRICS } from './lib/served-studio.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = join(ROOT, 'out', 'bench-store');

const { values } = parseArgs({
  options: {
    points: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '1000' },
    json: { type: 'boolean', default: false },
  },
});
const total = Number(values.points);
const batchSize = Number(values.batch);

await bundleSources(ROOT, BUNDLE, {
  store: 'src/core/store/index.ts',
  recipes: 'src/shared/engine/recipes.ts',
});
const store = await import(pathToFileURL(join(BUNDLE, 'store.js')).href);
const recipes = await import(pathToFileURL(join(BUNDLE, 'recipes.js')).href);

const home = mkdtempSync(join(tmpdir(), 'gan-studio-bench-store-'));
const file = join(home, 'studio.db');
const db = store.openStore(file);
try {
  const config = recipes.buildTrainingConfig(recipes.factsOfPointSet('ring8'), { steps: total });
  const run = store.insertRun(db, {
    name: 'insert bench',
    datasetId: null,
    recipe: 'mlp',
    config,
    totalSteps: total,
  });

  // Points in step order, the way a run produces them: every metric of step 1, then step 2, …
  let made = 0;
  const nextBatch = () => {
    const batch = [];
    while (batch.length < batchSize && made < total) {
      const step = Math.floor(made / DASHBOARD_METRICS.length) + 1;
      const m = made % DASHBOARD_METRICS.length;
      batch.push({
        name: DASHBOARD_METRICS[m],
        step,
        value: Math.sin(step / 500 + m) + Math.random() * 0.2,
        wallTime: step / 10,
      });
      made += 1;
    }
    return batch;
  };

  let seconds = 0;
  let transactions = 0;
  while (made < total) {
    const batch = nextBatch(); // made outside the timed part: the trainer makes them, not the store
    const started = performance.now();
    store.insertMetricPoints(db, run.id, batch);
    seconds += (performance.now() - started) / 1000;
    transactions += 1;
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  const megabytes = statSync(file).size / 1e6;
  const result = {
    points: total,
    batch: batchSize,
    transactions,
    seconds,
    pointsPerSecond: total / seconds,
    megabytes,
  };
  console.log(
    `Inserted ${total.toLocaleString()} points (${DASHBOARD_METRICS.length} metrics per step) in ${transactions.toLocaleString()} ` +
      `transactions of ${batchSize.toLocaleString()}: ${seconds.toFixed(2)} s, ${Math.round(result.pointsPerSecond).toLocaleString()} points/s; ` +
      `database ${megabytes.toFixed(0)} MB.`,
  );
  if (values.json) console.log(JSON.stringify(result));
} finally {
  db.close();
  rmSync(home, { recursive: true, force: true });
}
