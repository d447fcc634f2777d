import * as tf from '@tensorflow/tfjs-core';
import type { TrainingConfig } from '../../shared/engine/training-config';
import type { BatchSource } from './data';
import type { Rng } from './random';
import type { Batch, DiscriminatorStepResult } from './train-steps';

/**
 * The tensors one update step consumes, drawn in a fixed order from the run's streams — the data source,
 * then the noise stream for z, fake labels and WGAN-GP's ε — so a resumed run (and the playground,
 * which steps the same engine by hand) sees exactly the batches an uninterrupted one would.
 */

/** z ~ N(0, I) for n samples, and a uniform class per sample when the generator is conditional. */
export function drawNoise(
  rng: Rng,
  n: number,
  latentSize: number,
  numClasses: number,
): { noise: tf.Tensor2D; labels: tf.Tensor1D | null } {
  const z = rng.fillNormal(new Float32Array(n * latentSize));
  const labels = numClasses > 0 ? Int32Array.from({ length: n }, () => rng.int(numClasses)) : null;
  return { noise: tf.tensor2d(z, [n, latentSize]), labels: labels ? tf.tensor1d(labels, 'int32') : null };
}

/** A discriminator batch: real samples from `source`, noise (and ε for WGAN-GP) from `rng`. */
export function nextBatch(source: BatchSource, config: TrainingConfig, rng: Rng): Batch {
  const { batchSize, objective } = config;
  const { latentSize, numClasses } = config.architecture;
  const packing = config.architecture.discriminator.packing;
  const { x, labels } = source.nextBatch(batchSize);
  const real = tf.tensor(x, [batchSize, ...source.sampleShape]);
  const fake = drawNoise(rng, batchSize, latentSize, numClasses);
  const epsilon =
    objective === 'wgan-gp'
      ? tf.tensor1d(Float32Array.from({ length: batchSize / packing }, () => rng.uniform()))
      : null;
  return {
    real,
    realLabels: labels ? tf.tensor1d(labels, 'int32') : null,
    noise: fake.noise,
    fakeLabels: fake.labels,
    epsilon,
  };
}

export function disposeBatch(batch: Batch): void {
  tf.dispose(
    [batch.real, batch.noise, batch.realLabels, batch.fakeLabels, batch.epsilon].filter((t) => t !== null),
  );
}

export function disposeDiscriminatorResult(d: DiscriminatorStepResult): void {
  tf.dispose([d.lossD, d.dReal, d.dFake, d.gradNormD, ...(d.divergence ? [d.divergence.value] : [])]);
}
