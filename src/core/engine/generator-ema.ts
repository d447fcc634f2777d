import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';

/**
 * An exponential moving average of the generator's weights (Yazıcı et al., 2019, "The Unusual
 * Effectiveness of Averaging in GAN Training"), held in a second generator of the same architecture
 * whose weights are the averages, so snapshots run it like any model.
 */

/** β_t = min(β, (1 + t)/(10 + t)) for the t-th generator update (t ≥ 1): a short warm-up, then β. */
export function emaDecay(beta: number, t: number): number {
  return Math.min(beta, (1 + t) / (10 + t));
}

/** Sets every weight of `ema` (trainable and not) to a copy of the matching weight of `generator`. */
export function copyGeneratorWeights(generator: LayersModel, ema: LayersModel): void {
  checkSameLayout(generator, ema);
  // getWeights() answers the variables themselves and setWeights() assigns their values: nothing to free.
  ema.setWeights(generator.getWeights());
}

/**
 * After the t-th generator update: ema ← β_t·ema + (1 − β_t)·w for every weight of the generator,
 * trainable (kernels, biases, BatchNorm γ and β) and not (BatchNorm moving mean and variance, spectral-norm
 * vectors). Integer weights, if any, are copied as they are.
 */
export function updateGeneratorEma(generator: LayersModel, ema: LayersModel, beta: number, t: number): void {
  const decay = emaDecay(beta, t);
  const source = generator.weights;
  const target = ema.weights;
  tf.tidy(() => {
    const b = tf.scalar(decay);
    const oneMinusB = tf.scalar(1 - decay);
    source.forEach((w, i) => {
      const e = target[i]!;
      const value = w.read();
      e.write(
        value.dtype === 'float32' ? tf.add(tf.mul(e.read(), b), tf.mul(value, oneMinusB)) : tf.clone(value),
      );
    });
  });
}

function checkSameLayout(generator: LayersModel, ema: LayersModel): void {
  const a = generator.weights;
  const b = ema.weights;
  if (
    a.length !== b.length ||
    a.some((w, i) => w.shape.join('x') !== b[i]!.shape.join('x') || w.dtype !== b[i]!.dtype)
  ) {
    throw new Error('the averaged generator does not have the weights of the generator it averages');
  }
}
