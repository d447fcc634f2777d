#!/usr/bin/env node
// One training-throughput measurement in a process of its own (so each backend starts clean and a
// time cap can end it): loads the backend the way the trainer process does (chooseBackend → the
// candidates' load() → probeBackends), builds the config with the studio's recipes, then runs either
// the studio's own loop (`--loop studio`: createTrainingParts + train()) or a minimal hand-written
// tfjs loop of the same models (`--loop minimal`). Prints one JSON object per line: `backend` or
// `unavailable`, `start`, `progress` marks {step, t (ms)}, and `done`. bench/lib/section-training.mjs
// reads them. Bundles the sources first when out/bench-train lacks them.
//
//   node bench/lib/training-child.mjs --network dcgan32 --backend wasm --loop studio --warmup 3 --steps 10
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { runMinimalLoop } from './minimal-loop.mjs';
import { runStudioLoop } from './studio-loop.mjs';
import { importTrainingBundle } from './training-bundle.mjs';
import { buildNetworkConfig, networkById } from './training-networks.mjs';

const { values } = parseArgs({
  options: {
    network: { type: 'string' },
    backend: { type: 'string' },
    loop: { type: 'string', default: 'studio' },
    warmup: { type: 'string', default: '3' },
    steps: { type: 'string', default: '10' },
  },
});

const emit = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);

const network = networkById(values.network);
const warmup = Number(values.warmup);
const steps = Number(values.steps);
const bundle = await importTrainingBundle();

const config = buildNetworkConfig(bundle.recipes, network, {
  steps: warmup + steps,
  backend: values.backend,
});
try {
  // With the architecture, as the trainer does: it decides wasm's thread count (GAN_STUDIO_WASM_THREADS
  // overrides it, for the threads section).
  const backend = await bundle['choose-backend'].chooseBackend(config);
  const threads =
    backend.name === 'wasm'
      ? createRequire(import.meta.url)('@tensorflow/tfjs-backend-wasm').getThreadsCount()
      : null;
  emit({ type: 'backend', name: backend.name, detail: backend.detail, threads });
} catch (error) {
  emit({ type: 'unavailable', reason: error instanceof Error ? error.message : String(error) });
  process.exit(0);
}

const run = values.loop === 'minimal' ? runMinimalLoop : runStudioLoop;
await run({ bundle, config, network, warmup, emit });
