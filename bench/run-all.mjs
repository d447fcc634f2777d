#!/usr/bin/env node
// `npm run bench`: the benchmark suite (issue #8). Runs, in order, training throughput through the
// studio's own loop on every backend, the PyTorch reference of the same networks, the engine overhead
// against a minimal tfjs loop, wasm on one thread against every core, the emoji import, the store (1M metric points in, 8 × 100k steps read
// for Compare) and the UI (a 100k-point dashboard in Chromium); prints the tables and writes them to
// bench/results/<date>.md and .json, copied to latest.md / latest.json. About 15 minutes on a 2-core
// machine: run it when nothing else does.
//
//   npm run bench                          everything
//   npm run bench -- --quick               a smoke test (1–2 minutes of steps; figures not representative),
//                                          written to bench/results/<date>-quick.* (kept out of git)
//   npm run bench -- --only training,ui    some sections: training reference overhead threads import store ui
//                                          (written to bench/results/<date>-only-….*, latest.* untouched)
//   npm run bench -- --torch-threads 2     PyTorch's threads (default 2)
//   npm run bench -- --build               rebuild the app first (done anyway when out/ lacks it)
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeMachine } from './lib/machine.mjs';
import { writeResults } from './lib/report.mjs';
import { runImportSection } from './lib/section-import.mjs';
import { runStoreSection, runUiSection } from './lib/section-store-ui.mjs';
import { runTrainingSections } from './lib/section-training.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = join(ROOT, 'bench', 'results');
const SECTIONS = ['training', 'reference', 'overhead', 'threads', 'import', 'store', 'ui'];
const TRAINING_SECTIONS = ['training', 'reference', 'overhead', 'threads'];
/** What each section needs from `npm run build`: the CLI (import) or the renderer (store, ui). */
const BUILT = { import: 'out/node/cli.js', store: 'out/renderer/index.html', ui: 'out/renderer/index.html' };

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    'torch-threads': { type: 'string', default: '2' },
    build: { type: 'boolean', default: false },
  },
});
const only = values.only ? values.only.split(',').map((s) => s.trim()) : null;
const unknown = (only ?? []).filter((s) => !SECTIONS.includes(s));
if (unknown.length > 0) {
  console.error(`Unknown section(s): ${unknown.join(', ')}. Sections: ${SECTIONS.join(', ')}.`);
  process.exit(2);
}
const sections = new Set(only ?? SECTIONS);
const quick = values.quick;
const torchThreads = Number(values['torch-threads']);
const log = (line) => console.log(line);

const started = new Date();
const machine = describeMachine();
log(
  `GAN Studio benchmarks${quick ? ' (quick)' : ''}: ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB.toFixed(0)} GiB, ` +
    `Node ${machine.node}, tfjs ${machine.tfjs}, PyTorch ${machine.pytorch ?? 'not installed'}; load average ${machine.loadAverage.toFixed(2)}.`,
);
if (machine.loadAverage > machine.cores * 0.5) {
  log('The machine is busy (load average above half its cores): expect lower, noisier figures.');
}
ensureBuilt();

const results = {
  date: localDate(started),
  startedAt: started.toISOString(),
  quick,
  only,
  command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
  torchThreads,
  machine,
  sections: {},
  durationSeconds: 0,
};

const trainingWanted = new Set(TRAINING_SECTIONS.filter((s) => sections.has(s)));
if (trainingWanted.size > 0) {
  await section(
    [...trainingWanted].join(', '),
    async () => {
      Object.assign(
        results.sections,
        await runTrainingSections({ sections: trainingWanted, quick, torchThreads, log }),
      );
    },
    [...trainingWanted],
  );
}
if (sections.has('import'))
  await section('import', async () => (results.sections.import = await runImportSection({ log })));
if (sections.has('store'))
  await section('store', async () => (results.sections.store = await runStoreSection({ quick, log })));
if (sections.has('ui'))
  await section('ui', async () => (results.sections.ui = await runUiSection({ quick, log })));

results.durationSeconds = (Date.now() - started.getTime()) / 1000;
const name = quick ? `${results.date}-quick` : only ? `${results.date}-only-${only.join('-')}` : results.date;
const { markdown, files } = writeResults(results, { dir: RESULTS, name, latest: !quick && !only });
log(`\n${markdown}`);
log(
  `Written: ${files.map((f) => f.slice(ROOT.length)).join(', ')}${!quick && !only ? ' (and latest.*)' : ''}.`,
);

/** Runs one section, logging its time; a section that throws is recorded as failed and the rest go on. */
async function section(title, work, names = [title]) {
  log(`\n== ${title} ==`);
  const t0 = performance.now();
  try {
    await work();
  } catch (error) {
    const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log(`  failed: ${reason}`);
    for (const n of names) results.sections[n] = { error: reason.split('\n')[0] };
  }
  log(`  (${((performance.now() - t0) / 1000).toFixed(0)} s)`);
}

/** Builds the app when a chosen section needs it and out/ lacks it (or --build asks). */
function ensureBuilt() {
  const missing = [...sections].filter((s) => BUILT[s] && !existsSync(join(ROOT, BUILT[s])));
  if (!values.build && missing.length === 0) return;
  log(
    values.build
      ? 'Building the app (--build)…'
      : `Building the app (out/ lacks what ${missing.join(', ')} need)…`,
  );
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

function localDate(date) {
  const pad = (n) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
