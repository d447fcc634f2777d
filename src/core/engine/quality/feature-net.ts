import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed, Rng } from '../random';

/**
 * The studio's fixed feature network for image metrics: three random 3×3 convolutions (stride 2, ReLU;
 * 32, 64 and 128 filters) over the image resized to 32×32, He-initialised from a constant seed, so it
 * is the same network on every machine and in every release — nothing to download, nothing trained.
 * A feature vector is the spatial mean of each layer's maps plus the spatial spread of the last
 * (352 numbers). Random convolutional features separate image distributions surprisingly well (they
 * respond to colour, edges and texture at three scales), but they are not a learned perceptual space:
 * figures computed here compare runs on the same dataset in this studio and are NOT comparable with
 * published FID or KID, which use Inception-v3 features.
 */
export const FEATURE_SIDE = 32;
const FILTERS = [32, 64, 128] as const;
/** Changing it changes every figure: it is part of the metric's definition. */
const FEATURE_NET_SEED = 20261201;
/** The means of every layer, and the spread of the last. */
export const FEATURE_DIM = FILTERS.reduce((a, b) => a + b, 0) + FILTERS[2];

export interface FeatureNet {
  readonly dim: number;
  /** images: N×H×W×C in [−1, 1] → N×FEATURE_DIM. */
  embed(images: tf.Tensor4D): tf.Tensor2D;
  dispose(): void;
}

export function createFeatureNet(channels: number): FeatureNet {
  const rng = new Rng(deriveSeed(FEATURE_NET_SEED, `feature-net:${channels}`));
  let inChannels = channels;
  const kernels = FILTERS.map((filters) => {
    const fanIn = 3 * 3 * inChannels;
    const values = rng.fillNormal(new Float32Array(fanIn * filters)).map((v) => v * Math.sqrt(2 / fanIn));
    const kernel = tf.tensor4d(values, [3, 3, inChannels, filters]);
    inChannels = filters;
    return kernel;
  });
  return {
    dim: FEATURE_DIM,
    embed(images) {
      return tf.tidy(() => {
        const [, h, w] = images.shape;
        let x: tf.Tensor4D =
          h === FEATURE_SIDE && w === FEATURE_SIDE
            ? images
            : tf.image.resizeBilinear(images, [FEATURE_SIDE, FEATURE_SIDE], true);
        const parts: tf.Tensor2D[] = [];
        for (const kernel of kernels) {
          x = tf.relu(tf.conv2d(x, kernel, 2, 'same'));
          parts.push(tf.mean(x, [1, 2]) as tf.Tensor2D);
        }
        const { variance } = tf.moments(x, [1, 2]);
        parts.push(tf.sqrt(variance) as tf.Tensor2D);
        return tf.concat(parts, 1);
      });
    },
    dispose: () => tf.dispose(kernels),
  };
}
