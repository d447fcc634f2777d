#!/usr/bin/env node
// Training throughput of the studio's engine on one forced compute backend, for bench/gpu-check.sh
// (which runs it once per usable backend, under `timeout`). The engine is bundled from src/ with vite,
// as the other benches do. One step = a D step on a real and a fake batch + a G step, as a run trains.
//
//   node bench/gpu-train.mjs probe
//       what the studio finds: one line per backend (status, detail), as `gan-studio info` says it
//   node bench/gpu-train.mjs run --backend webgpu [--seconds 60] [--steps 40] [--warmup 2]
//       DCGAN 32×32 RGB (ngf = ndf = 64, batch 64) and the 2-D MLP recipe (ring8: 256 units, batch 128,
//       2 noise dimensions); prints one line for the backend. --seconds bounds the whole run, warm-up included.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleSources } from './lib/bundle-sources.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BUNDLE = join(ROOT, 'out', 'bench-gpu');
const ENTRIES = {
  probe: 'src/backends/probe-backends.ts',
  candidates: 'src/backends/candidates.ts',
  recipes: 'src/shared/engine/recipes.ts',
  parts: 'src/core/engine/training-parts.ts',
  steps: 'src/core/engine/train-steps.ts',
  batches: 'src/core/engine/batch-tensors.ts',
  data: 'src/core/engine/data/index.ts',
  random: 'src/core/engine/random/index.ts',
};

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    backend: { type: 'string' },
    seconds: { type: 'string', default: '60' },
    steps: { type: 'string', default: '40' },
    warmup: { type: 'string', default: '2' },
    rebundle: { type: 'boolean', default: false },
  },
});
const [command = 'probe'] = positionals;

if (values.rebundle || command === 'probe' || !existsSync(join(BUNDLE, 'probe.js'))) {
  await bundleSources(ROOT, BUNDLE, ENTRIES);
}
const load = (name) => import(pathToFileURL(join(BUNDLE, `${name}.js`)).href);
// tfjs-core alone registers no gradients; the trainer process loads tfjs-layers first too.
await import('@tensorflow/tfjs-layers');
const tf = await import('@tensorflow/tfjs-core');

if (command === 'probe') await probe();
else if (command === 'run') await run(values.backend);
else throw new Error(`unknown command ${command}: use probe or run`);
// A WebGPU device keeps Node running (Dawn's instance lives as long as it is referenced).
process.exit(process.exitCode ?? 0);

async function probe() {
  const { reportBackends } = await load('probe');
  const { reports, active } = await reportBackends();
  for (const report of reports) {
    console.log(`BACKEND ${report.name.padEnd(10)} ${report.status.padEnd(11)} ${report.detail}`);
  }
  console.log(`ACTIVE ${active ?? 'none'}`);
}

async function run(backend) {
  if (!backend) throw new Error('run needs --backend tensorflow|webgpu|wasm|cpu');
  const started = performance.now();
  const budgetMs = Number(values.seconds) * 1000;
  const { probeBackends } = await load('probe');
  const { BACKEND_CANDIDATES } = await load('candidates');
  const candidates = BACKEND_CANDIDATES.filter((c) => c.name === backend);
  const probed = await probeBackends(candidates, { force: backend });
  if (probed.active !== backend) {
    console.log(`RESULT ${backend.padEnd(10)} unavailable: ${probed.reports[0]?.detail ?? 'not a backend'}`);
    process.exitCode = 2;
    return;
  }
  const detail = probed.reports[0]?.detail ?? '';
  const results = [];
  const workloads = [dcgan32(), mlp2d()];
  for (const [i, workload] of workloads.entries()) {
    // Each workload gets its share of what is left, the first (the heavier) the larger one.
    const left = budgetMs - (performance.now() - started);
    const share = i === workloads.length - 1 ? left - 2000 : left * 0.65;
    results.push(await measure(await workload, share));
  }
  const figures = results.map(
    (r) =>
      `${r.label}: ${r.imagesPerSecond === null ? 'no measured step in time' : `${formatRate(r.imagesPerSecond)} img/s (${r.steps} steps, ${r.seconds.toFixed(1)} s)`}`,
  );
  console.log(`RESULT ${backend.padEnd(10)} ${figures.join('  ·  ')}`);
  console.log(`  on: ${detail}`);
}

async function dcgan32() {
  const { buildTrainingConfig } = await load('recipes');
  const config = buildTrainingConfig(
    {
      kind: 'packed',
      id: 'bench',
      name: 'random 32×32 RGB',
      height: 32,
      width: 32,
      channels: 3,
      numClasses: 0,
    },
    { preset: 'dcgan', batchSize: 64, steps: 1000 },
  );
  // 512 random images: the step costs the same whatever the pixels are.
  const count = 512;
  const images = new Uint8Array(count * 32 * 32 * 3);
  let state = 12345;
  for (let i = 0; i < images.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    images[i] = state >>> 24;
  }
  const dataset = {
    manifest: { count, height: 32, width: 32, channels: 3, classNames: [] },
    images,
    labels: null,
  };
  return { label: 'DCGAN 32×32 b64', config, dataset };
}

async function mlp2d() {
  const { buildTrainingConfig, factsOfPointSet } = await load('recipes');
  const config = buildTrainingConfig(factsOfPointSet('ring8'), { steps: 1000 });
  return { label: `MLP 2-D b${config.batchSize}`, config, dataset: null };
}

/** Warm-up steps (kernel compilation, first allocations), then timed steps until --steps or the share. */
async function measure({ label, config, dataset }, shareMs) {
  const { createBatchSource, createTrainingParts } = await load('parts');
  const { discriminatorStep, generatorStep } = await load('steps');
  const { nextBatch, drawNoise, disposeBatch, disposeDiscriminatorResult } = await load('batches');
  const { withPrefetch } = await load('data');
  const { Rng, deriveSeed } = await load('random');
  const began = performance.now();
  const source = withPrefetch(createBatchSource(config, dataset));
  const parts = createTrainingParts(config, source);
  const rng = new Rng(deriveSeed(config.seed, 'bench'));
  const { latentSize, numClasses } = config.architecture;

  let last = null;
  const step = () => {
    if (last) tf.dispose([last.d.lossD, last.g.lossG]);
    let d = null;
    for (let k = 0; k < config.nCritic; k++) {
      if (d) disposeDiscriminatorResult(d);
      const batch = nextBatch(source, config, rng);
      d = discriminatorStep(parts.setup, batch);
      disposeBatch(batch);
    }
    const noise = drawNoise(rng, config.batchSize, latentSize, numClasses);
    const g = generatorStep(parts.setup, noise.noise, noise.labels);
    tf.dispose([noise.noise, noise.labels, d.dReal, d.dFake, d.gradNormD, g.gradNormG].filter(Boolean));
    if (d.divergence) d.divergence.value.dispose();
    last = { d, g };
  };
  // Reading a loss back waits for every queued kernel (GPU backends run asynchronously).
  const settle = async () => {
    if (last) await Promise.all([last.d.lossD.data(), last.g.lossG.data()]);
  };

  for (let i = 0; i < Number(values.warmup); i++) step();
  await settle();
  const t0 = performance.now();
  let steps = 0;
  while (steps < Number(values.steps)) {
    step();
    steps += 1;
    if (steps % 4 === 0 || steps === Number(values.steps)) await settle();
    if (performance.now() - began > shareMs) break;
  }
  await settle();
  const seconds = (performance.now() - t0) / 1000;
  if (last) tf.dispose([last.d.lossD, last.g.lossG]);
  parts.dispose();
  source.dispose();
  return {
    label,
    steps,
    seconds,
    imagesPerSecond: steps > 0 ? (steps * config.batchSize) / seconds : null,
  };
}

function formatRate(value) {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1);
}
