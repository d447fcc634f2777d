import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describeFigure } from './format.mjs';
import { lastOf, runJsonChild } from './json-child.mjs';
import { throughputOf } from './throughput.mjs';
import { planFor, referencePlanFor } from './training-plans.mjs';
import { bundleTrainingSources } from './training-bundle.mjs';
import { buildNetworkConfig, NETWORKS } from './training-networks.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHILD = fileURLToPath(new URL('./training-child.mjs', import.meta.url));
const REFERENCE = fileURLToPath(new URL('../reference/gan_reference.py', import.meta.url));
export const PYTHON = '/usr/bin/python3';

/** Best first, as src/backends/candidates.ts lists them. */
const BACKENDS = ['tensorflow', 'wasm', 'cpu'];

/** The engine overhead the studio's loop may add over a bare tfjs loop (issue #8). */
export const OVERHEAD_TARGET = 0.95;

/**
 * Sections 1–3: training throughput of the studio's own loop (`training`), the PyTorch reference
 * (`reference`, also run for `training`: its table shows studio / PyTorch), and the engine overhead
 * against a minimal tfjs loop (`overhead`). Each measurement runs in a child process of its own.
 */
export async function runTrainingSections({ sections, quick, torchThreads, log }) {
  const wantStudio = sections.has('training') || sections.has('overhead') || sections.has('threads');
  const wantMinimal = sections.has('overhead');
  const wantThreads = sections.has('threads');
  const wantReference = sections.has('training') || sections.has('reference');

  await bundleTrainingSources();
  const recipes = await import(pathToFileURL(join(ROOT, 'out', 'bench-train', 'recipes.js')).href);
  const work = mkdtempSync(join(tmpdir(), 'gan-studio-bench-train-'));
  const training = [];
  const overhead = [];
  const threads = [];
  const reference = [];
  const unavailable = new Map(); // backend → why

  try {
    for (const network of NETWORKS) {
      let studioParams = null;
      for (const backend of wantStudio ? BACKENDS : []) {
        const base = { network: network.id, label: network.label, backend, batchSize: network.batchSize };
        if (unavailable.has(backend)) {
          training.push({ ...base, status: 'unavailable', reason: unavailable.get(backend) });
          overhead.push({ ...base, status: 'unavailable', reason: unavailable.get(backend) });
          continue;
        }
        const skip = skipReason(network, backend, training);
        if (skip) {
          training.push({ ...base, status: 'skipped', reason: skip });
          overhead.push({ ...base, status: 'skipped', reason: skip });
          continue;
        }
        const settings = planFor(network.id, backend, quick);
        const measure = (loop) => measureTfjs(network, backend, loop, settings, log);
        // A backend that does not load answers at once (tfjs-node-gpu where it is not installed).
        const studio = await measure('studio');
        if (studio.status === 'unavailable') {
          unavailable.set(backend, studio.reason);
          training.push({ ...base, ...studio });
          overhead.push({ ...base, status: 'unavailable', reason: studio.reason });
          continue;
        }
        training.push({ ...base, ...studio });
        studioParams ??= studio.params ?? null;
        if (wantThreads && backend === 'wasm') {
          threads.push({ ...base, ...(await measureThreads(network, studio, settings, log)) });
        }
        if (!wantMinimal) continue;
        if (!settings.steadyState) {
          overhead.push({
            ...base,
            status: 'skipped',
            reason: `on ${backend} a DCGAN runs only ${settings.steps} step(s), without warm-up, under a ${settings.capSeconds} s cap: no steady state to compare`,
          });
          continue;
        }
        // Alternating pairs: one pair's ratio moved by ±10 % from run to run on the shared machine, more
        // than the gap it measures; the median of each loop over the pairs is steadier.
        const studios = [studio];
        const minimals = [await measure('minimal')];
        for (let pair = 1; pair < settings.overheadPairs; pair++) {
          studios.push(await measure('studio'));
          minimals.push(await measure('minimal'));
        }
        overhead.push({ ...base, ...overheadRow(studios, minimals) });
      }
      if (wantReference) {
        reference.push(
          await measureReference(
            network,
            referencePlanFor(network.id, quick),
            recipes,
            work,
            torchThreads,
            studioParams,
            log,
          ),
        );
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const result = {};
  if (sections.has('training')) result.training = withReferenceRatios(training, reference);
  if (wantReference) result.reference = reference;
  if (sections.has('overhead')) result.overhead = overhead;
  if (wantThreads) result.threads = threads;
  return result;
}

/** Measurements that cannot give a figure here, with why; null to measure. */
function skipReason(network, backend, done) {
  if (backend !== 'cpu' || network.id !== 'dcgan64') return null;
  const smaller = done.find((r) => r.network === 'dcgan32' && r.backend === 'cpu');
  if (smaller && smaller.imagesPerSecond === null) {
    return 'no DCGAN 32×32 step finished within its cap on the cpu backend, and a 64×64 step is about 4× the work';
  }
  return null;
}

/**
 * wasm on one thread against all cores, through the studio's loop. The training row already measured
 * what the studio chooses (every core for images, one thread for 2-D networks); this measures the
 * other, with GAN_STUDIO_WASM_THREADS.
 */
async function measureThreads(network, chosen, settings, log) {
  const cores = Math.min(cpus().length, 8);
  if (cores < 2) return { status: 'skipped', reason: 'this machine has one core' };
  if (!chosen.imagesPerSecond) return { status: 'failed', reason: 'the studio loop gave no figure' };
  const chosenThreads = chosen.threads ?? cores;
  const single = chosenThreads === 1;
  const other = await measureTfjs(network, 'wasm', 'studio', settings, log, single ? cores : 1);
  if (!other.imagesPerSecond) return { status: 'failed', reason: 'the other thread count gave no figure' };
  const one = single ? chosen.imagesPerSecond : other.imagesPerSecond;
  const all = single ? other.imagesPerSecond : chosen.imagesPerSecond;
  return {
    status: 'measured',
    cores,
    chosenThreads,
    oneThread: one,
    allCores: all,
    speedup: all / one,
    warm: chosen.warm && other.warm,
  };
}

async function measureTfjs(network, backend, loop, settings, log, wasmThreads = null) {
  const { warmup, steps, capSeconds } = settings;
  const args = [CHILD, '--network', network.id, '--backend', backend, '--loop', loop];
  const env = wasmThreads ? { ...process.env, GAN_STUDIO_WASM_THREADS: String(wasmThreads) } : process.env;
  const result = await runJsonChild(
    process.execPath,
    [...args, '--warmup', String(warmup), '--steps', String(steps)],
    { capSeconds, env },
  );
  const threadNote = wasmThreads ? ` (${wasmThreads} thread${wasmThreads === 1 ? '' : 's'})` : '';
  const name = `${network.label} · ${backend} · ${loop} loop${threadNote}`;
  const gone = lastOf(result.messages, 'unavailable');
  if (gone) {
    log(`  ${name}: unavailable — ${gone.reason}`);
    return { status: 'unavailable', reason: gone.reason };
  }
  if (!result.capped && result.code !== 0) {
    const reason = `the child failed (exit ${result.code}): ${lastLine(result.stderr)}`;
    log(`  ${name}: ${reason}`);
    return { status: 'failed', reason, imagesPerSecond: null };
  }
  const figure = throughputOf(result, { warmup, batchSize: network.batchSize });
  const params = lastOf(result.messages, 'params');
  const row = {
    status: figure.imagesPerSecond === null ? 'capped' : 'measured',
    loop,
    threads: lastOf(result.messages, 'backend')?.threads ?? null,
    warmup,
    ...figure,
    params: params ? { generator: params.generator, discriminator: params.discriminator } : null,
    capSeconds,
    loadAverage: loadavg()[0],
  };
  log(`  ${name}: ${describeFigure(row)}`);
  return row;
}

async function measureReference(network, settings, recipes, work, threads, studioParams, log) {
  const base = { network: network.id, label: network.label, batchSize: network.batchSize };
  const name = `${network.label} · PyTorch CPU`;
  if (!existsSync(PYTHON)) {
    log(`  ${name}: skipped — there is no ${PYTHON}`);
    return { ...base, status: 'skipped', reason: `there is no ${PYTHON}` };
  }
  const config = buildNetworkConfig(recipes, network, { steps: settings.warmup + settings.steps });
  const file = join(work, `${network.id}.json`);
  writeFileSync(file, JSON.stringify(config));
  const result = await runJsonChild(
    PYTHON,
    [
      REFERENCE,
      '--config',
      file,
      '--warmup',
      String(settings.warmup),
      '--steps',
      String(settings.steps),
      '--threads',
      String(threads),
    ],
    { capSeconds: settings.capSeconds },
  );
  const gone = lastOf(result.messages, 'unavailable');
  if (gone) {
    log(`  ${name}: skipped — ${gone.reason}`);
    return { ...base, status: 'skipped', reason: gone.reason };
  }
  if (result.code !== 0 && !result.capped) {
    const reason = `gan_reference.py failed (exit ${result.code}): ${lastLine(result.stderr)}`;
    log(`  ${name}: ${reason}`);
    return { ...base, status: 'failed', reason, imagesPerSecond: null };
  }
  const info = lastOf(result.messages, 'info');
  const params = lastOf(result.messages, 'params');
  const figure = throughputOf(result, { warmup: settings.warmup, batchSize: network.batchSize });
  const row = {
    ...base,
    status: figure.imagesPerSecond === null ? 'capped' : 'measured',
    warmup: settings.warmup,
    ...figure,
    torch: info?.torch ?? null,
    threads: info?.threads ?? null,
    blas: info?.blas ?? null,
    params: params ? { generator: params.generator, discriminator: params.discriminator } : null,
    // Same trainable parameter count in both networks: the reference built what the studio builds.
    capSeconds: settings.capSeconds,
    loadAverage: loadavg()[0],
    paramsMatch:
      studioParams && params
        ? studioParams.generator === params.generator && studioParams.discriminator === params.discriminator
        : null,
  };
  log(`  ${name}: ${describeFigure(row)}${row.paramsMatch === false ? ' — PARAMETER COUNTS DIFFER' : ''}`);
  return row;
}

/** The median of each loop's figures over the alternating pairs, and their ratio. */
function overheadRow(studios, minimals) {
  const figures = (rows) => rows.map((r) => r.imagesPerSecond).filter((v) => v);
  const studio = figures(studios);
  const minimal = figures(minimals);
  if (studio.length === 0 || minimal.length === 0) {
    return { status: 'failed', reason: 'one of the two loops gave no figure', studios, minimals };
  }
  const ratio = median(studio) / median(minimal);
  return {
    status: 'measured',
    studioImagesPerSecond: median(studio),
    minimalImagesPerSecond: median(minimal),
    studioRuns: studio,
    minimalRuns: minimal,
    ratio,
    warm: [...studios, ...minimals].every((r) => r.warm),
    target: OVERHEAD_TARGET,
    meetsTarget: ratio >= OVERHEAD_TARGET,
    minimalTensorGrowth: Math.max(...minimals.map((r) => r.tensorGrowth ?? 0)),
  };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** studio / PyTorch per row, when both have a figure. */
function withReferenceRatios(training, reference) {
  return training.map((row) => {
    const ref = reference.find((r) => r.network === row.network);
    const pytorch = ref?.imagesPerSecond ?? null;
    return {
      ...row,
      pytorchImagesPerSecond: pytorch,
      ratioToPytorch: row.imagesPerSecond && pytorch ? row.imagesPerSecond / pytorch : null,
    };
  });
}

function lastLine(text) {
  return (
    text
      .trim()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .at(-1) ?? 'no output'
  );
}
