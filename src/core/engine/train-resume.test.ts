import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPackedDataset, writePackedDataset } from '../datasets/packed-format';
import type { TrainingConfig } from '../../shared/engine/training-config';
import type { ImageDataset } from './data';
import { latestCheckpointFolder, readCheckpoint, writeCheckpoint } from './io/checkpoint-files';
import type { MetricPoint } from './metric-buffer';
import {
  allWeights,
  createTinyGan,
  tinyImageConfig,
  tinyImageDataset,
  tinyPointsConfig,
  trainDeps,
} from './test-support';
import { train, type TrainCallbacks } from './train';
import { restoreTrainingState } from './training-state';

/**
 * A run stopped at step k and resumed from its checkpoint files, with everything built anew (models,
 * optimizers, source, random streams), must reach step N with exactly the weights and metrics of a run
 * that never stopped: same batches, same flips, same noise, same Adam state.
 */
const CONFIG_HASH = 'resume-test';
let root: string;

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  root = await mkdtemp(join(tmpdir(), 'gan-studio-resume-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

interface RunResult {
  /** Training metrics by step (images_per_second and wall times depend on the clock, not the run). */
  readonly metrics: { name: string; step: number; value: number }[];
  readonly generator: Float32Array[];
  readonly discriminator: Float32Array[];
  /** The averaged generator's weights; null when the run keeps none. */
  readonly emaGenerator: Float32Array[] | null;
  readonly lastSample: Float32Array | null;
}

function collector(): {
  callbacks: TrainCallbacks;
  metrics: MetricPoint[];
  lastSample: () => Float32Array | null;
} {
  const metrics: MetricPoint[] = [];
  let sample: Float32Array | null = null;
  return {
    metrics,
    lastSample: () => sample,
    callbacks: {
      onMetrics: (points) => void metrics.push(...points),
      onSample: (s) => void (sample = s.data),
    },
  };
}

/** Trains from `startStep` to the config's end on fresh parts, restored from `checkpoint` when given. */
async function trainToEnd(
  config: TrainingConfig,
  loadData: () => Promise<ImageDataset | null>,
  checkpoint: string | null,
): Promise<RunResult> {
  const gan = createTinyGan(config, await loadData());
  try {
    let startStep = 0;
    if (checkpoint) {
      const state = readCheckpoint(checkpoint, CONFIG_HASH);
      await restoreTrainingState(state, gan);
      startStep = state.step;
    }
    const { callbacks, metrics, lastSample } = collector();
    expect(await train(config, trainDeps(gan, startStep), callbacks)).toEqual({
      status: 'completed',
      step: config.steps,
    });
    return {
      metrics: metrics
        .filter((p) => p.name !== 'images_per_second')
        .map(({ name, step, value }) => ({ name, step, value })),
      generator: allWeights(gan.generator),
      discriminator: allWeights(gan.discriminator),
      emaGenerator: gan.emaGenerator ? allWeights(gan.emaGenerator) : null,
      lastSample: lastSample(),
    };
  } finally {
    gan.dispose();
  }
}

/** Trains until the checkpoint at step k is on disk, then stops as the trainer does; answers its folder. */
async function trainAndStopAt(
  config: TrainingConfig,
  loadData: () => Promise<ImageDataset | null>,
  k: number,
  runDir: string,
): Promise<string> {
  const gan = createTinyGan(config, await loadData());
  try {
    const abort = new AbortController();
    const outcome = await train(
      config,
      trainDeps(gan),
      {
        onCheckpoint: (state) => {
          writeCheckpoint(runDir, state, CONFIG_HASH);
          if (state.step === k) abort.abort();
        },
      },
      { signal: abort.signal },
    );
    expect(outcome).toEqual({ status: 'stopped', step: k });
  } finally {
    gan.dispose();
  }
  const latest = latestCheckpointFolder(runDir);
  expect(latest?.step).toBe(k);
  return latest!.folder;
}

async function expectResumeEquivalence(
  label: string,
  config: TrainingConfig,
  k: number,
  loadData: () => Promise<ImageDataset | null>,
): Promise<void> {
  expect(k % config.checkpointEvery).toBe(0);
  const uninterrupted = await trainToEnd(config, loadData, null);
  const folder = await trainAndStopAt(config, loadData, k, join(root, label));
  const resumed = await trainToEnd(config, loadData, folder);

  const after = uninterrupted.metrics.filter((p) => p.step > k);
  expect(after.length).toBeGreaterThan(0);
  expect(resumed.metrics).toEqual(after);
  expect(resumed.generator).toEqual(uninterrupted.generator);
  expect(resumed.discriminator).toEqual(uninterrupted.discriminator);
  expect(resumed.emaGenerator).toEqual(uninterrupted.emaGenerator);
  expect(uninterrupted.emaGenerator === null).toBe(config.generatorEma === null);
  expect(resumed.lastSample).toEqual(uninterrupted.lastSample);
  // Not trivially equal: training moved the weights away from their initial values.
  const fresh = createTinyGan(config, await loadData());
  expect(allWeights(fresh.generator)).not.toEqual(uninterrupted.generator);
  if (fresh.emaGenerator) {
    // …and the average is neither the initial weights nor the final ones.
    expect(allWeights(fresh.emaGenerator)).not.toEqual(uninterrupted.emaGenerator);
    expect(uninterrupted.emaGenerator).not.toEqual(uninterrupted.generator);
  }
  fresh.dispose();
}

describe('resume from a checkpoint', () => {
  for (const objective of ['nonsaturating', 'wgan-gp'] as const) {
    it(`points (${objective}, averaged generator): continues bit for bit as if never stopped`, async () => {
      // With an average of G, the resumed run must restore it too.
      const config = {
        ...tinyPointsConfig({ objective, steps: 8, checkpointEvery: 3, sampleEvery: 4 }),
        generatorEma: 0.999,
      };
      await expectResumeEquivalence(`points-${objective}`, config, 3, async () => null);
    });
  }

  it('points without an averaged generator: continues bit for bit', async () => {
    const config: TrainingConfig = {
      ...tinyPointsConfig({ steps: 8, checkpointEvery: 3, sampleEvery: 4 }),
      generatorEma: null,
    };
    await expectResumeEquivalence('points-no-ema', config, 3, async () => null);
  });

  it('images with BatchNorm and an averaged generator: continues bit for bit', async () => {
    const dir = join(root, 'dataset-ema');
    const { images, manifest } = tinyImageDataset(10);
    await writePackedDataset(dir, { height: manifest.height, width: manifest.width, channels: 1, images });
    const config: TrainingConfig = {
      ...tinyImageConfig({ steps: 8, batchSize: 4, checkpointEvery: 3, sampleEvery: 4 }),
      generatorEma: 0.99,
    };
    await expectResumeEquivalence('images-ema', config, 3, () => readPackedDataset(dir));
  });

  it('images (flips, shuffled over 3+ epochs, stopped mid-epoch): continues bit for bit', async () => {
    const dir = join(root, 'dataset');
    const { images, manifest } = tinyImageDataset(10);
    await writePackedDataset(dir, { height: manifest.height, width: manifest.width, channels: 1, images });
    // 8 steps × 4 images = 3.2 passes over 10 images; step 3 ends 2 images into the second epoch.
    const config = tinyImageConfig({ steps: 8, batchSize: 4, checkpointEvery: 3, sampleEvery: 4 });
    expect(config.flip).toBe(true);
    await expectResumeEquivalence('images', config, 3, () => readPackedDataset(dir));
  });
});
