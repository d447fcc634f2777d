#!/usr/bin/env node
// Mode coverage of the default 2-D recipe over several seeds, through the real CLI (trainer process and
// all). Usage: node bench/mode-coverage.mjs [ring8|grid25] [seeds=5] [steps=3000]
// Prints one line per seed and the mean; writes bench/results/mode-coverage-<dataset>.json.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [dataset = 'ring8', seedCount = '5', steps = '3000'] = process.argv.slice(2);

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
        '--steps',
        steps,
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
for (let seed = 1; seed <= Number(seedCount); seed++) {
  const t0 = Date.now();
  const r = await train(seed);
  results.push({
    seed,
    modesCaptured: r.modesCaptured,
    highQualityPct: r.highQualityPct,
    seconds: (Date.now() - t0) / 1000,
  });
  console.log(
    `seed ${seed}: ${r.modesCaptured} modes, ${r.highQualityPct.toFixed(1)} % high quality (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
  );
}
const mean = (key) => results.reduce((s, r) => s + r[key], 0) / results.length;
console.log(
  `mean over ${results.length} seeds: ${mean('modesCaptured').toFixed(2)} modes, ${mean('highQualityPct').toFixed(1)} % high quality`,
);
mkdirSync(join(root, 'bench/results'), { recursive: true });
writeFileSync(
  join(root, `bench/results/mode-coverage-${dataset}.json`),
  JSON.stringify(
    {
      date: new Date().toISOString(),
      machine: `${cpus().length}× ${cpus()[0]?.model}`,
      dataset,
      steps: Number(steps),
      results,
      seconds: (Date.now() - started) / 1000,
    },
    null,
    2,
  ),
);
