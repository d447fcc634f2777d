#!/usr/bin/env node
// How long exports take, through the real CLI (export process and all): a DCGAN on `shapes` (32 px RGB,
// the dcgan preset, 3 classes) trained for a couple of steps, then `export` of N images with a contact
// sheet, the same with a 16-step interpolation and GIF, `export-model` and `metrics`.
// Usage: node bench/export-images.mjs [count=64] [backend=wasm] [cli=out/node/cli.js]
// Prints one line per export; writes bench/results/export-images.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const [count = '64', backend = 'wasm', cli = join(root, 'out/node/cli.js')] = process.argv.slice(2);
const home = mkdtempSync(join(tmpdir(), 'gan-studio-export-bench-'));

/** Runs one CLI command with --json; answers its value and the wall-clock seconds it took. */
function run(...args) {
  const started = performance.now();
  const child = spawnSync(process.execPath, [resolve(cli), ...args, '--json'], {
    env: { ...process.env, GAN_STUDIO_HOME: home },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - started) / 1000;
  const last = child.stdout.trim().split('\n').at(-1) ?? '';
  const result = last ? JSON.parse(last) : null;
  if (child.status !== 0 || !(result?.ok ?? result?.type === 'result')) {
    throw new Error(`gan-studio ${args.join(' ')} failed: ${child.stderr || last}`);
  }
  return { value: result.value ?? result, seconds };
}

try {
  const dataset = run('import', 'shapes', '--size', '32', '--count', '200').value;
  const trained = run(
    'train',
    '--dataset',
    dataset.id,
    '--preset',
    'cdcgan',
    '--steps',
    '2',
    '--batch',
    '8',
    '--backend',
    backend,
    '--checkpoint-every',
    '2',
  ).value;
  const runId = trained.runId;
  const out = (name) => join(home, 'out', name);
  const rows = [
    ['images + grid', run('export', runId, '--out', out('a'), '--count', count, '--grid')],
    [
      'images + grid + 16-step interpolation + GIF',
      run('export', runId, '--out', out('b'), '--count', count, '--grid', '--interpolate', '16', '--gif'),
    ],
    ['model', run('export-model', runId, '--out', out('model'))],
    ['metrics CSV', run('metrics', runId, '--out', out('metrics.csv'))],
  ].map(([what, { value, seconds }]) => ({ what, seconds, files: value.files.length }));
  for (const row of rows) console.log(`${row.what}: ${row.seconds.toFixed(1)} s, ${row.files} files`);
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  writeFileSync(
    join(root, 'bench/results/export-images.json'),
    `${JSON.stringify({ count: Number(count), backend, cores: cpus().length, rows }, null, 2)}\n`,
  );
} finally {
  rmSync(home, { recursive: true, force: true });
}
