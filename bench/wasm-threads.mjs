#!/usr/bin/env node
// The wasm backend's operations on one thread and on every core, as the studio loads it (its wasm
// candidate: tfjs's multithreaded build under Node, src/backends/wasm-threads.ts, plus the studio's own
// kernels). Each thread count runs in a child process of its own (wasm initialises once per process),
// chosen with GAN_STUDIO_WASM_THREADS. Shows what threads speed up — XNNPACK's products and
// convolutions — and what they do not: the reductions and element-wise kernels tfjs runs in plain loops,
// which bound a DCGAN step's speed-up.
//
//   node bench/wasm-threads.mjs [--threads n]   (default: every core, at most 8)
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleSources } from './lib/bundle-sources.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = join(ROOT, 'out', 'bench-threads');
const { values } = parseArgs({
  options: { threads: { type: 'string' }, child: { type: 'boolean', default: false } },
});

async function measure() {
  const tf = await import('@tensorflow/tfjs-core');
  const { chooseBackend } = await import(pathToFileURL(join(BUNDLE, 'choose-backend.js')).href);
  // An image network's config: the studio gives those every core (2-D networks get one thread).
  const backend = await chooseBackend({ backend: 'wasm' });
  // The read-back ends each timing (wasm computes eagerly); tidy frees the result, and returns nothing:
  // handed a typed array, it would walk every element looking for tensors.
  const once = (run) =>
    tf.tidy(() => {
      run().dataSync();
    });
  const time = (run, repeat) => {
    for (let i = 0; i < 2; i++) once(run);
    const t0 = performance.now();
    for (let i = 0; i < repeat; i++) once(run);
    return (performance.now() - t0) / repeat;
  };
  const a = tf.randomNormal([1024, 1024]);
  const x = tf.randomNormal([64, 16, 16, 64]);
  const k = tf.randomNormal([4, 4, 64, 128]);
  const dy = tf.randomNormal([64, 4, 4, 256]);
  const kt = tf.randomNormal([4, 4, 128, 256]);
  const big = tf.randomNormal([64, 16, 16, 128]);
  return {
    detail: backend.detail,
    'matMul 1024×1024': time(() => tf.matMul(a, a), 10),
    'conv2d 64×16×16×64 → 128 (4×4, stride 2)': time(() => tf.conv2d(x, k, 2, 'same'), 10),
    'conv2dTranspose 64×4×4×256 → 128 (4×4, stride 2)': time(
      () => tf.conv2dTranspose(dy, kt, [64, 8, 8, 128], 2, 'same'),
      10,
    ),
    'sum over N, H, W of 64×16×16×128': time(() => tf.sum(big, [0, 1, 2]), 10),
    'leakyRelu of 64×16×16×128': time(() => tf.leakyRelu(big, 0.2), 10),
  };
}

if (values.child) {
  console.log(JSON.stringify(await measure()));
  process.exit(0);
}

await bundleSources(ROOT, BUNDLE, { 'choose-backend': 'src/trainer/choose-backend.ts' });
const many = Number(values.threads ?? Math.min(cpus().length, 8));
const results = [];
for (const threads of [1, many]) {
  const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child'], {
    encoding: 'utf8',
    timeout: 180_000,
    env: { ...process.env, GAN_STUDIO_WASM_THREADS: String(threads) },
  });
  const line = child.stdout.trim().split('\n').at(-1);
  if (child.status !== 0 || !line) {
    console.error(`${threads} thread(s): failed — ${(child.stderr || 'no output').trim().split('\n')[0]}`);
    process.exit(1);
  }
  results.push({ threads, ...JSON.parse(line) });
}
const [one, all] = results;
console.log(`1 thread: ${one.detail}\n${many} threads: ${all.detail}\n`);
console.log(`| operation | 1 thread (ms) | ${many} threads (ms) | speed-up |\n|---|---|---|---|`);
for (const name of Object.keys(one).filter((key) => key !== 'threads' && key !== 'detail')) {
  console.log(
    `| ${name} | ${one[name].toFixed(1)} | ${all[name].toFixed(1)} | ${(one[name] / all[name]).toFixed(2)}× |`,
  );
}
