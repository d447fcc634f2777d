#!/usr/bin/env node
// Mode coverage of the default 2-D recipe over several seeds, through the real CLI (trainer process and
// all). Usage: node bench/mode-coverage.mjs [ring8|grid25] [seeds=5, or a list: 1,2,4] [steps=the recipe's]
// Seeds train side by side, one per core (a 2-D run trains on one thread, so they do not compete for
// cores). Prints one line per seed and the mean; writes bench/results/mode-coverage-<dataset>.json, or for
// a list of seeds …-<dataset>-seeds-1-2-4.json, so that rerunning a few seeds keeps the full record.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [dataset = 'ring8', seedCount = '5', steps] = process.argv.slice(2);

function train(seed) {
  const home = mkdtempSync(join(tmpdir(), 'gan-studio-coverage-'));
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        join(root, 'bin/gan-studio.js'),
        'train',
        '--dataset',
        dataset,
        '--seed',
        String(seed),
        ...(steps ? ['--steps', steps] : []),
        '--json',
      ],
      { env: { ...process.env, GAN_STUDIO_HOME: home }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let last = '';
    child.stdout.on('data', (chunk) => {
      const lines = (last + chunk).split('\n');
      last = lines.pop() ?? '';
      for (const line of lines) if (line.includes('"type":"result"')) resolve(JSON.parse(line));
    });
    child.on('exit', (code) => {
      rmSync(home, { recursive: true, force: true });
      if (code !== 0) reject(new Error(`seed ${seed}: exit ${code}`));
    });
  });
}

const results = [];
const started = Date.now();
// A count (5: seeds 1–5) or a list of seeds (1,2,4; one seed alone is written 4,).
const seedList = seedCount.includes(',')
  ? seedCount
      .split(',')
      .filter((seed) => seed.trim() !== '')
      .map(Number)
  : null;
const pending = seedList ?? Array.from({ length: Number(seedCount) }, (_, i) => i + 1);
if (pending.length === 0 || pending.some((seed) => !Number.isInteger(seed) || seed < 0)) {
  console.error(`Seeds must be a count (5) or a list of whole numbers (1,2,4); got "${seedCount}".`);
  process.exit(1);
}
async function worker() {
  for (let seed = pending.shift(); seed !== undefined; seed = pending.shift()) {
    const t0 = Date.now();
    const r = await train(seed);
    const seconds = (Date.now() - t0) / 1000;
    results.push({
      seed,
      steps: r.steps,
      modesCaptured: r.modesCaptured,
      highQualityPct: r.highQualityPct,
      seconds,
    });
    console.log(
      `seed ${seed}: ${r.modesCaptured} modes, ${r.highQualityPct.toFixed(1)} % high quality at step ${r.steps} (${seconds.toFixed(0)} s)`,
    );
  }
}
await Promise.all(Array.from({ length: Math.min(cpus().length, pending.length) }, worker));
results.sort((a, b) => a.seed - b.seed);
const mean = (key) => results.reduce((s, r) => s + r[key], 0) / results.length;
console.log(
  `mean over ${results.length} seeds: ${mean('modesCaptured').toFixed(2)} modes, ${mean('highQualityPct').toFixed(1)} % high quality`,
);
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(
  join(root, `bench/results/mode-coverage-${dataset}${seedList ? `-seeds-${seedList.join('-')}` : ''}.json`),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: `${cpus().length}× ${cpus()[0]?.model}`,
      dataset,
      steps: results[0]?.steps,
      results,
      seconds: (Date.now() - started) / 1000,
    },
    null,
    2,
  ),
);
