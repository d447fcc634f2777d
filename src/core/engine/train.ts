import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import { learningRateFactor, type TrainingConfig } from '../../shared/engine/training-config';
import type { BatchSource } from './data';
import { updateGeneratorEma } from './generator-ema';
import { disposeBatch, disposeDiscriminatorResult, drawNoise, nextBatch } from './batch-tensors';
import { MetricBuffer, type MetricPoint } from './metric-buffer';
import { deriveSeed, Rng } from './random';
import { captureTrainingState, type TrainingState } from './training-state';
import { discriminatorStep, generatorStep, type DiscriminatorStepResult, type GanSetup } from './train-steps';

/**
 * The training loop: `train(config, deps, callbacks, control)`. Pure of I/O — the trainer process turns
 * callbacks into messages, PNG files and checkpoint folders. Clock, RNG and data source are injected,
 * so tests drive it with tiny fakes and resume is exact.
 */
export interface TrainDeps {
  readonly setup: GanSetup;
  /**
   * The generator that averages `setup.generator`'s weights when `config.generatorEma` is set (updated
   * after every generator step, and the one snapshots are generated from); null otherwise.
   */
  readonly emaGenerator: LayersModel | null;
  readonly source: BatchSource;
  /** Noise, fake labels and WGAN-GP's ε all come from this stream (saved in checkpoints). */
  readonly noiseRng: Rng;
  /** Milliseconds; `Date.now` in production. */
  readonly clock: () => number;
  /** 0 for a new run, the checkpoint's step when resuming. */
  readonly startStep: number;
}

export interface SampleOutput {
  readonly step: number;
  /** Generator outputs for the fixed noise, row-major: N×H×W×C in [−1, 1], or N×2 points. */
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

export interface Progress {
  readonly step: number;
  readonly imagesPerSecond: number;
  /** The latest value of every metric. */
  readonly latest: Readonly<Record<string, number>>;
}

export interface TrainCallbacks {
  onMetrics?(points: readonly MetricPoint[]): void;
  onProgress?(progress: Progress): void;
  onSample?(sample: SampleOutput): Promise<void> | void;
  onCheckpoint?(state: TrainingState): Promise<void> | void;
}

export interface TrainControl {
  /** Stop after the current step, with a checkpoint. */
  readonly signal?: AbortSignal;
  /** Resolves when training may continue (immediately unless paused). */
  waitWhilePaused?(): Promise<void>;
  /** True once per "sample now" request. */
  takeSampleRequest?(): boolean;
}

export type TrainOutcome =
  | { readonly status: 'completed'; readonly step: number }
  | { readonly status: 'stopped'; readonly step: number }
  | { readonly status: 'failed'; readonly step: number; readonly reason: string };

/** Read metrics back at least this often, and after this many steps at most. */
const FLUSH_INTERVAL_MS = 250;
const FLUSH_MAX_STEPS = 32;
const SAMPLE_CHUNK = 256;

export async function train(
  config: TrainingConfig,
  deps: TrainDeps,
  callbacks: TrainCallbacks = {},
  control: TrainControl = {},
): Promise<TrainOutcome> {
  const { setup, source, noiseRng, clock, emaGenerator } = deps;
  if ((config.generatorEma === null) !== (emaGenerator === null)) {
    throw new Error('config.generatorEma and the averaged generator given to train() must agree');
  }
  // Snapshots show the averaged generator when the run keeps one.
  const sampler = emaGenerator ?? setup.generator;
  const { latentSize, numClasses } = config.architecture;
  const fixed = fixedNoise(config);
  const buffer = new MetricBuffer();
  const latest: Record<string, number> = {};
  let step = deps.startStep;
  let windowStart = clock();
  let windowSteps = 0;
  let lastFlush = clock();

  const noiseBatch = (n: number) => drawNoise(noiseRng, n, latentSize, numClasses);

  const flush = async (): Promise<TrainOutcome | null> => {
    const { points, firstNonFinite } = await buffer.flush();
    const now = clock();
    const seconds = (now - windowStart) / 1000;
    const imagesPerSecond = seconds > 0 ? (windowSteps * config.batchSize) / seconds : 0;
    const all =
      windowSteps > 0
        ? [...points, { name: 'images_per_second', step, value: imagesPerSecond, wallTime: now / 1000 }]
        : points;
    for (const p of all) latest[p.name] = p.value;
    windowStart = now;
    windowSteps = 0;
    lastFlush = now;
    if (all.length > 0) callbacks.onMetrics?.(all);
    if (firstNonFinite) {
      return {
        status: 'failed',
        step: firstNonFinite.step,
        reason: `${firstNonFinite.name} became ${firstNonFinite.value} at step ${firstNonFinite.step}. Training diverged; resume from the last checkpoint with a lower learning rate, or try another objective (non-saturating, or WGAN-GP with its defaults).`,
      };
    }
    if (all.length > 0) callbacks.onProgress?.({ step, imagesPerSecond, latest: { ...latest } });
    return null;
  };

  const sample = async (): Promise<void> => {
    if (!callbacks.onSample) return;
    const n = fixed.z.length / latentSize;
    const chunks: Float32Array[] = [];
    let shape: number[] = [];
    for (let start = 0; start < n; start += SAMPLE_CHUNK) {
      const count = Math.min(SAMPLE_CHUNK, n - start);
      const out = tf.tidy(() => {
        const z = tf.tensor2d(fixed.z.subarray(start * latentSize, (start + count) * latentSize), [
          count,
          latentSize,
        ]);
        const labels = fixed.labels
          ? tf.tensor1d(fixed.labels.subarray(start, start + count), 'int32')
          : null;
        return sampler.apply(labels ? [z, labels] : z, { training: false }) as tf.Tensor;
      });
      shape = out.shape.slice();
      chunks.push((await out.data()) as Float32Array);
      out.dispose();
    }
    const data = concatFloat32(chunks);
    await callbacks.onSample({ step, data, shape: [n, ...shape.slice(1)] });
  };

  const checkpoint = async (): Promise<void> => {
    if (!callbacks.onCheckpoint) return;
    const { generator, discriminator, optimizerG, optimizerD } = setup;
    await callbacks.onCheckpoint(
      await captureTrainingState(step, {
        generator,
        discriminator,
        emaGenerator,
        optimizerG,
        optimizerD,
        noiseRng,
        source,
      }),
    );
  };

  try {
    while (step < config.steps) {
      await control.waitWhilePaused?.();
      if (control.signal?.aborted) break;

      applyLearningRate(setup, config, step);
      let d: DiscriminatorStepResult | null = null;
      for (let k = 0; k < config.nCritic; k++) {
        if (d) disposeDiscriminatorResult(d);
        const batch = nextBatch(source, config, noiseRng);
        d = discriminatorStep(setup, batch);
        disposeBatch(batch);
      }
      const gInputs = noiseBatch(config.batchSize);
      const g = generatorStep(setup, gInputs.noise, gInputs.labels);
      tf.dispose(gInputs.labels ? [gInputs.noise, gInputs.labels] : [gInputs.noise]);
      step += 1;
      windowSteps += 1;
      // The step-th generator update: ema ← β_t·ema + (1 − β_t)·w, β_t = min(β, (1 + step)/(10 + step)).
      if (emaGenerator && config.generatorEma !== null) {
        updateGeneratorEma(setup.generator, emaGenerator, config.generatorEma, step);
      }

      const scalars: Record<string, tf.Scalar> = {
        loss_d: d!.lossD,
        loss_g: g.lossG,
        d_real: d!.dReal,
        d_fake: d!.dFake,
        grad_norm_d: d!.gradNormD,
        grad_norm_g: g.gradNormG,
      };
      if (d!.divergence) scalars[d!.divergence.name] = d!.divergence.value;
      buffer.push(step, clock() / 1000, scalars);

      // Take a "sample now" request at every step, even one that samples anyway, so that it is answered
      // once and not again at the step after.
      const requested = control.takeSampleRequest?.() ?? false;
      const wantSample = requested || step % config.sampleEvery === 0 || step === config.steps;
      const wantCheckpoint = step % config.checkpointEvery === 0 || step === config.steps;
      if (
        wantSample ||
        wantCheckpoint ||
        buffer.size >= FLUSH_MAX_STEPS ||
        clock() - lastFlush >= FLUSH_INTERVAL_MS
      ) {
        // A checkpoint is only written once every metric up to it has been read back and is finite.
        const failed = await flush();
        if (failed) return failed;
      }
      if (wantSample) await sample();
      if (wantCheckpoint) await checkpoint();
      // Let the process handle its messages (pause, stop, sample now) between steps.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }

    const failed = await flush();
    if (failed) return failed;
    if (step >= config.steps) return { status: 'completed', step };
    // A graceful stop: finish the step (done), snapshot and checkpoint where we are.
    if (step % config.sampleEvery !== 0) await sample();
    if (step % config.checkpointEvery !== 0) await checkpoint();
    return { status: 'stopped', step };
  } finally {
    buffer.dispose();
  }
}

/** Adam reads its `learningRate` field on every update, so a schedule only has to set it per step. */
function applyLearningRate(setup: GanSetup, config: TrainingConfig, step: number): void {
  const factor = learningRateFactor(config.learningRateSchedule, step, config.steps);
  (setup.optimizerG as unknown as { learningRate: number }).learningRate =
    config.optimizerG.learningRate * factor;
  (setup.optimizerD as unknown as { learningRate: number }).learningRate =
    config.optimizerD.learningRate * factor;
}

/**
 * The fixed noise every snapshot of a run is generated from (so snapshots are comparable over time),
 * derived from the seed alone; conditional runs cycle through the classes.
 */
export function fixedNoise(config: TrainingConfig): { z: Float32Array; labels: Int32Array | null } {
  const { latentSize, numClasses } = config.architecture;
  const rng = new Rng(deriveSeed(config.seed, 'fixed-noise'));
  const z = rng.fillNormal(new Float32Array(config.sampleCount * latentSize));
  const labels =
    numClasses > 0 ? Int32Array.from({ length: config.sampleCount }, (_, i) => i % numClasses) : null;
  return { z, labels };
}

function concatFloat32(chunks: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
