import type { LayersModel } from '@tensorflow/tfjs-layers';
import { createPreset } from '../../shared/engine/architecture';
import { buildTrainingConfig } from '../../shared/engine/recipes';
import { TrainingConfig, type Objective } from '../../shared/engine/training-config';
import { disposeBatch, nextBatch } from './batch-tensors';
import { withPrefetch, type ImageDataset, type PrefetchingBatchSource } from './data';
import { type Rng } from './random';
import type { TrainDeps } from './train';
import type { Batch } from './train-steps';
import { createBatchSource, createTrainingParts, type TrainingParts } from './training-parts';

// Test-only helpers: tiny GANs built from a config exactly as the trainer process builds them
// (createBatchSource + withPrefetch + createTrainingParts), small enough to train in milliseconds on a CPU.
// Configs come from the recipes and pass the config schema, so tests train what a person could start.

export interface TinyOptions {
  readonly objective?: Objective;
  readonly steps?: number;
  readonly batchSize?: number;
  readonly seed?: number;
  readonly sampleEvery?: number;
  readonly checkpointEvery?: number;
}

/** ring8 points with an MLP of 8 hidden units per layer and a 4-d latent. */
export function tinyPointsConfig(options: TinyOptions = {}): TrainingConfig {
  const config = buildTrainingConfig(
    { kind: 'builtin-points', id: 'ring8', name: 'ring8', numClasses: 0 },
    { steps: 6, batchSize: 8, sampleEvery: 1000, checkpointEvery: 1000, ...options },
  );
  return TrainingConfig.parse({
    ...config,
    architecture: createPreset('mlp', { data: 'points', baseWidth: 8, latentSize: 4 }),
    sampleCount: 8,
  });
}

/** 16×16 greyscale images with a DCGAN of base width 4 (cdcgan when `classes` > 1) and an 8-d latent. */
export function tinyImageConfig(options: TinyOptions & { readonly classes?: number } = {}): TrainingConfig {
  const { classes = 0, ...rest } = options;
  const preset = classes > 1 ? 'cdcgan' : 'dcgan';
  const config = buildTrainingConfig(
    { kind: 'packed', id: 'tiny', name: 'tiny', height: 16, width: 16, channels: 1, numClasses: classes },
    { preset, steps: 6, batchSize: 4, sampleEvery: 1000, checkpointEvery: 1000, ...rest },
  );
  return TrainingConfig.parse({
    ...config,
    architecture: createPreset(preset, {
      resolution: 16,
      channels: 1,
      baseWidth: 4,
      latentSize: 8,
      ...(classes > 1 ? { numClasses: classes } : {}),
    }),
    sampleCount: 4,
  });
}

/**
 * `count` 16×16×1 images, image n a diagonal gradient offset by n (asymmetric left–right, so flips
 * change the data), labelled n mod `classes` when classes > 1.
 */
export function tinyImageDataset(count: number, classes = 0): ImageDataset {
  const side = 16;
  const images = new Uint8Array(count * side * side);
  for (let n = 0; n < count; n++) {
    for (let h = 0; h < side; h++) {
      for (let w = 0; w < side; w++) images[(n * side + h) * side + w] = (n * 23 + h * 5 + w * 11) % 256;
    }
  }
  const labelled = classes > 1;
  return {
    manifest: {
      count,
      height: side,
      width: side,
      channels: 1,
      classNames: labelled ? Array.from({ length: classes }, (_, c) => `class-${c}`) : [],
    },
    images,
    labels: labelled ? Uint32Array.from({ length: count }, (_, n) => n % classes) : null,
  };
}

export interface TinyGan extends TrainingParts {
  readonly config: TrainingConfig;
  readonly source: PrefetchingBatchSource;
}

/** Fresh models, optimizers, noise stream and (prefetching) source for `config`, as the trainer builds them. */
export function createTinyGan(config: TrainingConfig, dataset: ImageDataset | null = null): TinyGan {
  const source = withPrefetch(createBatchSource(config, dataset));
  const parts = createTrainingParts(config, source);
  return {
    ...parts,
    config,
    source,
    dispose() {
      parts.dispose();
      source.dispose();
    },
  };
}

/**
 * A fake clock that moves on a second at every reading, so `train()` reads its metrics back after every
 * step (no tensors wait in the metric buffer between steps) and runs never depend on the real time.
 */
export function steppingClock(stepMs = 1000): () => number {
  let now = 0;
  return () => (now += stepMs);
}

export function trainDeps(gan: TinyGan, startStep = 0): TrainDeps {
  return {
    setup: gan.setup,
    emaGenerator: gan.emaGenerator,
    source: gan.source,
    noiseRng: gan.noiseRng,
    clock: steppingClock(),
    startStep,
  };
}

/** One step's worth of tensors for discriminatorStep, drawn from the gan's source and a given stream. */
export function drawBatch(gan: TinyGan, rng: Rng): Batch {
  return nextBatch(gan.source, gan.config, rng);
}

export { disposeBatch };

/** Copies of a model's weights by name: trainable ones, or the others (BatchNorm statistics, spectral u). */
export function weightSnapshot(
  model: LayersModel,
  which: 'trainable' | 'nonTrainable',
): Map<string, Float32Array> {
  const weights = which === 'trainable' ? model.trainableWeights : model.nonTrainableWeights;
  return new Map(weights.map((w) => [w.name, Float32Array.from(w.read().dataSync())]));
}

/** Every weight of a model, trainable or not, in model.weights order. */
export function allWeights(model: LayersModel): Float32Array[] {
  return model.getWeights().map((w) => Float32Array.from(w.dataSync()));
}
