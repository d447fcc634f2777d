import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { installComparisonGradients } from './comparison-gradients';
import { installWasmConvGradients } from './wasm-conv-gradients';

/**
 * The whole of a DCGAN step and of a WGAN-GP penalty through tfjs-layers on wasm — the fused Conv2D path
 * (whose gradient calls Conv2DBackpropFilter directly), Conv2DTranspose, BatchNorm, LeakyReLU, Dense and
 * Adam — with the kernels and gradients this folder installs.
 */
const IMAGE = 8;
const LATENT = 6;
const BATCH = 4;

function values(size: number, seed: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: size }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  });
}

function buildGenerator(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.dense({ inputShape: [LATENT], units: 2 * 2 * 8, useBias: false }),
      tfl.layers.reshape({ targetShape: [2, 2, 8] }),
      tfl.layers.conv2dTranspose({ filters: 4, kernelSize: 4, strides: 2, padding: 'same', useBias: false }),
      tfl.layers.batchNormalization(),
      tfl.layers.reLU(),
      tfl.layers.conv2dTranspose({
        filters: 3,
        kernelSize: 4,
        strides: 2,
        padding: 'same',
        activation: 'tanh',
      }),
    ],
  });
}

function buildDiscriminator(): tfl.Sequential {
  return tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        inputShape: [IMAGE, IMAGE, 3],
        filters: 4,
        kernelSize: 4,
        strides: 2,
        padding: 'same',
      }),
      tfl.layers.leakyReLU({ alpha: 0.2 }),
      tfl.layers.conv2d({ filters: 8, kernelSize: 4, strides: 2, padding: 'same' }),
      tfl.layers.leakyReLU({ alpha: 0.2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 1 }),
    ],
  });
}

const variablesOf = (model: tfl.LayersModel): tf.Variable[] =>
  model.trainableWeights.map((w) => w.read() as tf.Variable);
const logits = (model: tfl.LayersModel, x: tf.Tensor): tf.Tensor =>
  model.apply(x, { training: true }) as tf.Tensor;

/** ‖∇_x̂ D(x̂)‖ per sample, kept on the tape so the penalty can be differentiated w.r.t. D's weights. */
function gradientNorm(d: tfl.LayersModel, xHat: tf.Tensor): tf.Tensor {
  const g = tf.grad((x: tf.Tensor) => tf.sum(logits(d, x)))(xHat);
  return tf.sqrt(tf.add(tf.sum(tf.square(g), [1, 2, 3]), 1e-12));
}

beforeAll(() => {
  tf.env().set('PROD', true);
  installWasmConvGradients();
  installComparisonGradients();
});

describe('training on wasm', () => {
  it('runs DCGAN steps (D on real+fake, then G, Adam) without kernel errors or leaked tensors', async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
    const [g, d] = [buildGenerator(), buildDiscriminator()];
    const [gOpt, dOpt] = [tf.train.adam(2e-4, 0.5), tf.train.adam(2e-4, 0.5)];
    const real = tf.tensor4d(values(BATCH * IMAGE * IMAGE * 3, 1), [BATCH, IMAGE, IMAGE, 3]);
    const z = tf.tensor2d(values(BATCH * LATENT, 2), [BATCH, LATENT]);
    const bce = (label: 0 | 1, l: tf.Tensor): tf.Tensor =>
      tf.losses.sigmoidCrossEntropy(label ? tf.onesLike(l) : tf.zerosLike(l), l);
    const step = (): number[] => {
      const dLoss = dOpt.minimize(
        () => tf.add(bce(1, logits(d, real)), bce(0, logits(d, logits(g, z)))) as tf.Scalar,
        true,
        variablesOf(d),
      );
      const gLoss = gOpt.minimize(() => bce(1, logits(d, logits(g, z))) as tf.Scalar, true, variablesOf(g));
      if (!dLoss || !gLoss) throw new Error('minimize returned no loss');
      const losses = [dLoss, gLoss].map((l) => l.dataSync()[0] ?? NaN);
      tf.dispose([dLoss, gLoss]);
      return losses;
    };

    step(); // warm-up: Adam creates its moment variables here
    const tensors = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) expect(step().every(Number.isFinite)).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);

    tf.dispose([real, z]);
    [g, d].forEach((m) => m.dispose());
    [gOpt, dOpt].forEach((o) => o.dispose());
  });

  it('differentiates a WGAN-GP gradient penalty w.r.t. the critic’s weights as cpu does', async () => {
    const penaltyGradients = async (backend: 'cpu' | 'wasm'): Promise<Float32Array[]> => {
      expect(await tf.setBackend(backend)).toBe(true);
      const d = buildDiscriminator();
      d.setWeights(d.getWeights().map((w, i) => tf.tensor(values(w.size, 10 + i), w.shape)));
      const xHat = tf.tensor4d(values(BATCH * IMAGE * IMAGE * 3, 3), [BATCH, IMAGE, IMAGE, 3]);
      const penalty = (): tf.Scalar => tf.mean(tf.square(tf.sub(gradientNorm(d, xHat), 1)));
      tf.tidy(penalty).dispose(); // warm-up
      const tensors = tf.memory().numTensors;
      const { value, grads } = tf.variableGrads(penalty, variablesOf(d));
      // The last bias does not reach ∇_x D, so it has no gradient; compare the others (and which they are).
      const result = variablesOf(d).map(
        (v) => (grads[v.name]?.dataSync() as Float32Array | undefined) ?? new Float32Array(),
      );
      tf.dispose([value, grads, xHat]);
      expect(tf.memory().numTensors).toBe(tensors - 1);
      d.dispose();
      return result;
    };
    const reference = await penaltyGradients('cpu');
    const actual = await penaltyGradients('wasm');
    expect(actual.map((a) => a.length)).toEqual(reference.map((r) => r.length));
    actual.forEach((a, i) => {
      const r = reference[i] ?? new Float32Array();
      // Biases only move LeakyReLU's kink, so their penalty gradient is (near) zero: floor the scale.
      const scale = Math.max(...r.map(Math.abs), 1e-6);
      const error = Math.max(...a.map((v, j) => Math.abs(v - (r[j] ?? NaN)))) / scale;
      expect(error).toBeLessThan(1e-4);
    });
  });
});
