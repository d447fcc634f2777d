import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDiscriminator, buildGenerator, packForDiscriminator, packLabels } from './index';
import { everyOptionImageSpec } from './test-support';

// One small model pair with every option (spectral norm, batch/layer/instance norm, dropout, packing,
// minibatch std, projection), built once for the file.
const spec = everyOptionImageSpec();
const N = 4;
let generator: tfl.LayersModel;
let discriminator: tfl.LayersModel;
let optimizer: tf.Optimizer;

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  generator = buildGenerator(spec, { seed: 9 });
  discriminator = buildDiscriminator(spec, { seed: 9 });
  optimizer = tf.train.adam(2e-4, 0.5);
});

afterAll(() => {
  generator.dispose();
  discriminator.dispose();
  optimizer.dispose();
});

/** D(pack(G(z, y)), pack(y)): mean critic score of a fake batch. */
function fakeScore(training: boolean): tf.Scalar {
  const z = tf.randomNormal([N, spec.latentSize]);
  const labels = tf.tensor1d([0, 1, 2, 0], 'int32');
  const fake = generator.apply([z, labels], { training }) as tf.Tensor;
  const m = spec.discriminator.packing;
  const logits = discriminator.apply([packForDiscriminator(fake, m), packLabels(labels, m)], { training });
  return tf.mean(logits as tf.Tensor);
}

/** One Adam update of every trainable weight of both networks. */
function step(): void {
  tf.tidy(() => {
    const variables = [...generator.trainableWeights, ...discriminator.trainableWeights].map(
      (weight) => weight.read() as tf.Variable,
    );
    const { grads } = tf.variableGrads(() => fakeScore(true), variables);
    optimizer.applyGradients(grads);
  });
}

const weightOf = (model: tfl.LayersModel, layer: string, index: number): number[] => {
  const weight = model.getLayer(layer).getWeights()[index];
  if (!weight) throw new Error(`${layer} has no weight ${index}`);
  return Array.from(weight.dataSync());
};

describe('tensor hygiene', () => {
  it('keeps tf.memory().numTensors flat across forward passes and training steps', () => {
    tf.dispose(tf.tidy(() => fakeScore(false)));
    step(); // warm-up: Adam creates its slots on the first step
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i += 1) {
      tf.dispose(tf.tidy(() => fakeScore(true)));
      tf.dispose(tf.tidy(() => fakeScore(false)));
      const images = tf.tidy(() =>
        generator.predict([tf.randomNormal([N, spec.latentSize]), tf.zeros([N], 'int32')]),
      );
      tf.dispose(images);
      step();
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('updates spectral-norm u and batch-norm statistics in training calls only', () => {
    const u = () => weightOf(discriminator, 'd_block1_conv', 2);
    const movingMean = () => weightOf(discriminator, 'd_block5_norm', 2);
    const [u0, mean0] = [u(), movingMean()];
    tf.dispose(tf.tidy(() => fakeScore(false)));
    expect([u(), movingMean()]).toEqual([u0, mean0]);
    tf.dispose(tf.tidy(() => fakeScore(true)));
    expect(u()).not.toEqual(u0);
    expect(movingMean()).not.toEqual(mean0);
  });

  it('trains every trainable weight, spectral ones included', () => {
    const kernel = () => weightOf(discriminator, 'd_block1_conv', 0);
    const embedding = () => weightOf(discriminator, 'd_projection_embedding', 0);
    const labelTable = () => weightOf(generator, 'g_label_embedding', 0);
    const before = [kernel(), embedding(), labelTable()];
    step();
    const after = [kernel(), embedding(), labelTable()];
    after.forEach((values, i) => expect(values).not.toEqual(before[i]));
    after.flat().forEach((v) => expect(Number.isFinite(v)).toBe(true));
  });
});
