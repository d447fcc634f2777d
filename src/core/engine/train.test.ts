import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainingConfig } from '../../shared/engine/training-config';
import type { BatchSource } from './data';
import {
  createTinyGan,
  tinyImageConfig,
  tinyImageDataset,
  tinyPointsConfig,
  trainDeps,
  type TinyGan,
} from './test-support';
import { train, type TrainCallbacks, type TrainControl } from './train';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

async function withGan<T>(gan: TinyGan, use: (gan: TinyGan) => Promise<T>): Promise<T> {
  try {
    return await use(gan);
  } finally {
    gan.dispose();
  }
}

/** Checkpoint and sample steps a run reported, to see what happened when. */
function recorder(): { callbacks: TrainCallbacks; checkpoints: number[]; samples: number[] } {
  const checkpoints: number[] = [];
  const samples: number[] = [];
  return {
    checkpoints,
    samples,
    callbacks: {
      onCheckpoint: (state) => void checkpoints.push(state.step),
      onSample: (sample) => void samples.push(sample.step),
    },
  };
}

/** The same source, with `onDraw(n)` called before its n-th batch (1-based) is drawn. */
function observed(inner: BatchSource, onDraw: (n: number) => void, poisonFrom = Infinity): BatchSource {
  let draws = 0;
  return {
    kind: inner.kind,
    sampleShape: inner.sampleShape,
    size: inner.size,
    numClasses: inner.numClasses,
    nextBatch(batchSize) {
      draws += 1;
      onDraw(draws);
      const batch = inner.nextBatch(batchSize);
      return draws >= poisonFrom ? { ...batch, x: batch.x.fill(Number.NaN) } : batch;
    },
    getState: () => inner.getState(),
    setState: (state) => inner.setState(state),
  };
}

describe('train: tensor hygiene', () => {
  const cases: ReadonlyArray<readonly [string, () => TinyGan]> = [
    ['points, non-saturating', () => createTinyGan(tinyPointsConfig())],
    ['points, wgan-gp (5 critic steps)', () => createTinyGan(tinyPointsConfig({ objective: 'wgan-gp' }))],
    [
      'conditional cdcgan images',
      () => createTinyGan(tinyImageConfig({ classes: 3 }), tinyImageDataset(9, 3)),
    ],
    [
      'conditional cdcgan images, averaged generator',
      () =>
        createTinyGan({ ...tinyImageConfig({ classes: 3 }), generatorEma: 0.999 }, tinyImageDataset(9, 3)),
    ],
  ];
  for (const [label, create] of cases) {
    it(`${label}: tf.memory().numTensors is flat from step to step after a warm-up step`, async () => {
      await withGan(create(), async (gan) => {
        // Sample and checkpoint at every step, so their tensors are part of what must not leak.
        const config: TrainingConfig = { ...gan.config, steps: 5, sampleEvery: 1, checkpointEvery: 1 };
        const counts: number[] = [];
        const { callbacks, checkpoints } = recorder();
        const outcome = await train(config, trainDeps(gan), callbacks, {
          // Called before each step: counts[i] is the count after i steps.
          waitWhilePaused: async () => void counts.push(tf.memory().numTensors),
        });
        expect(outcome).toEqual({ status: 'completed', step: 5 });
        expect(checkpoints).toEqual([1, 2, 3, 4, 5]);
        counts.push(tf.memory().numTensors);
        // counts[0] is before the warm-up step, which creates Adam's moment slots.
        expect(counts.slice(1)).toEqual(new Array(5).fill(counts[1]));
      });
    });
  }
});

describe('train: divergence', () => {
  it('fails on a NaN loss, naming the metric and step, with no checkpoint from that step on', async () => {
    await withGan(createTinyGan(tinyPointsConfig()), async (gan) => {
      // Checkpoints every 2 steps: the bad step 3 is only read back at step 4, before its checkpoint.
      const config: TrainingConfig = { ...gan.config, steps: 8, checkpointEvery: 2 };
      const source = observed(gan.source, () => {}, 3);
      const { callbacks, checkpoints } = recorder();
      // A real clock that never advances: metrics are only read back when a checkpoint is due.
      const outcome = await train(config, { ...trainDeps(gan), source, clock: () => 0 }, callbacks);
      expect(outcome).toMatchObject({ status: 'failed', step: 3 });
      expect(outcome.status === 'failed' && outcome.reason).toMatch(/^loss_d became NaN at step 3\b/);
      expect(checkpoints).toEqual([2]);
    });
  });

  it('fails when a huge learning rate blows the weights up, checkpointed up to the step before', async () => {
    const base = tinyPointsConfig({ steps: 40, checkpointEvery: 1 });
    // Far beyond what the config schema allows (≤ 1): the loop must not trust its config to converge.
    const adam = { learningRate: 1e6, beta1: 0.5, beta2: 0.999 };
    await withGan(createTinyGan({ ...base, optimizerG: adam, optimizerD: adam }), async (gan) => {
      const { callbacks, checkpoints } = recorder();
      const outcome = await train(gan.config, trainDeps(gan), callbacks);
      if (outcome.status !== 'failed') throw new Error(`expected a failure, got ${JSON.stringify(outcome)}`);
      // It takes a few steps to overflow (a gradient norm or a loss becomes ±Infinity or NaN).
      expect(outcome.step).toBeGreaterThan(1);
      expect(outcome.reason).toMatch(new RegExp(`^\\w+ became (NaN|-?Infinity) at step ${outcome.step}\\b`));
      expect(checkpoints).toEqual(Array.from({ length: outcome.step - 1 }, (_, i) => i + 1));
    });
  });
});

describe('train: control', () => {
  it('stops after the current step when aborted mid-step, with a checkpoint and a sample', async () => {
    await withGan(
      createTinyGan(tinyPointsConfig({ steps: 20, checkpointEvery: 5, sampleEvery: 5 })),
      async (gan) => {
        const abort = new AbortController();
        // The 3rd batch is drawn inside step 3: abort there, while the step is running.
        const source = observed(gan.source, (n) => n === 3 && abort.abort());
        const { callbacks, checkpoints, samples } = recorder();
        const outcome = await train(gan.config, { ...trainDeps(gan), source }, callbacks, {
          signal: abort.signal,
        });
        expect(outcome).toEqual({ status: 'stopped', step: 3 });
        expect(checkpoints).toEqual([3]);
        expect(samples).toEqual([3]);
      },
    );
  });

  it('holds the loop while paused and goes on when resumed', async () => {
    await withGan(createTinyGan(tinyPointsConfig({ steps: 4 })), async (gan) => {
      let paused = false;
      let resume: (() => void) | null = null;
      let draws = 0;
      const source = observed(gan.source, (n) => (draws = n));
      const control: TrainControl = {
        waitWhilePaused: () => (paused ? new Promise<void>((wake) => (resume = wake)) : Promise.resolve()),
      };
      const done = train(
        gan.config,
        { ...trainDeps(gan), source },
        {
          onProgress: (p) => {
            if (p.step === 2) paused = true;
          },
        },
        control,
      );
      // Give the loop many turns of the event loop: it must sit before step 3.
      for (let i = 0; i < 50; i++) await new Promise<void>((r) => setImmediate(r));
      expect(resume).not.toBeNull();
      expect(draws).toBe(2);
      paused = false;
      (resume as unknown as () => void)();
      expect(await done).toEqual({ status: 'completed', step: 4 });
      expect(draws).toBe(4);
    });
  });

  it('takes an extra sample when one is requested, and only one per request', async () => {
    await withGan(createTinyGan(tinyPointsConfig({ steps: 6, sampleEvery: 4 })), async (gan) => {
      let requested = false;
      // "Sample now" arrives during step 1 (an extra sample) and during step 4 (due anyway: no extra).
      const source = observed(gan.source, (n) => (requested ||= n === 1 || n === 4));
      const { callbacks, samples } = recorder();
      const outcome = await train(gan.config, { ...trainDeps(gan), source }, callbacks, {
        takeSampleRequest: () => {
          const taken = requested;
          requested = false;
          return taken;
        },
      });
      expect(outcome).toEqual({ status: 'completed', step: 6 });
      expect(samples).toEqual([1, 4, 6]);
    });
  });
});
