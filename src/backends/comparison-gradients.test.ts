import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { installComparisonGradients } from './comparison-gradients';

beforeAll(async () => {
  tf.env().set('PROD', true);
  expect(await tf.setBackend('cpu')).toBe(true);
});

describe('installComparisonGradients', () => {
  it('lets LeakyReLU be differentiated twice, as a gradient penalty does', async () => {
    const x = tf.tensor1d([-1, 2, 3]);
    // h(w) = Σ_i (∂/∂x_i Σ leakyRelu(w·x))² = w² Σ slope_i², slopes (0.2, 1, 1): dh/dw = 2w · 2.04.
    const h = (w: tf.Tensor): tf.Scalar =>
      tf.sum(tf.square(tf.grad((xv: tf.Tensor) => tf.sum(tf.leakyRelu(tf.mul(w, xv), 0.2)))(x)));
    expect(() => tf.grad(h)(tf.scalar(1.5))).toThrow(/gradient function not found for Greater/);

    installComparisonGradients();
    const dh = tf.grad(h)(tf.scalar(1.5));
    expect((await dh.data())[0]).toBeCloseTo(2 * 1.5 * 2.04, 5);
  });

  it('gives zero gradients, keeps the ones tfjs has, and is idempotent', async () => {
    installComparisonGradients();
    const greater = tf.getGradient('Greater');
    const greaterEqual = tf.getGradient('GreaterEqual');
    installComparisonGradients();
    expect(tf.getGradient('Greater')).toBe(greater);
    expect(tf.getGradient('GreaterEqual')).toBe(greaterEqual);

    // d/dx Σ x·[x > 0] = [x > 0]: the mask itself contributes nothing.
    const dx = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(x, tf.cast(tf.greater(x, 0), 'float32'))))(
      tf.tensor1d([-2, 0.5, 3]),
    );
    expect(Array.from(await dx.data())).toEqual([0, 1, 1]);
  });
});
