import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerOp } from '../../../shared/engine/architecture';
import { ChannelNorm } from './channel-norm-layer';
import { LabelEmbedding } from './label-embedding-layer';
import { MinibatchStd } from './minibatch-std-layer';
import { seededNormal } from './seeds';
import { SpectralNorm } from './spectral-norm-layer';

/** PyTorch's BatchNorm defaults (momentum 0.1 there is 1 − 0.9 here; tfjs defaults to 0.99, 1e-3). */
const BN_MOMENTUM = 0.9;
const BN_EPSILON = 1e-5;
const LEAKY_RELU_ALPHA = 0.2;

/**
 * The tfjs layer for one validator row (inputs are created by the builder, not here). Kernels are
 * N(0, 0.02²) and batch-norm γ N(1, 0.02²) as in DCGAN, biases and β zero; `seed` is the layer's own.
 */
export function createLayer(
  name: string,
  layer: Exclude<LayerOp, { op: 'input' }>,
  seed: number,
): tfl.layers.Layer {
  switch (layer.op) {
    case 'dense':
      if (layer.spectral) {
        return new SpectralNorm({ name, kind: 'dense', units: layer.units, useBias: layer.useBias, seed });
      }
      return tfl.layers.dense({
        name,
        units: layer.units,
        useBias: layer.useBias,
        kernelInitializer: seededNormal(seed),
      });
    case 'conv2d':
    case 'conv2dTranspose': {
      const { filters, kernel, stride, useBias } = layer;
      if (layer.spectral) {
        return new SpectralNorm({ name, kind: layer.op, units: filters, kernel, stride, useBias, seed });
      }
      const args = {
        name,
        filters,
        kernelSize: kernel,
        strides: stride,
        padding: 'same' as const,
        useBias,
        kernelInitializer: seededNormal(seed),
      };
      return layer.op === 'conv2d' ? tfl.layers.conv2d(args) : tfl.layers.conv2dTranspose(args);
    }
    case 'reshape':
      return tfl.layers.reshape({ name, targetShape: [...layer.targetShape] });
    case 'flatten':
      return tfl.layers.flatten({ name });
    case 'batchNorm':
      return tfl.layers.batchNormalization({
        name,
        axis: -1,
        momentum: BN_MOMENTUM,
        epsilon: BN_EPSILON,
        gammaInitializer: seededNormal(seed, 0.02, 1),
      });
    case 'channelNorm':
      return new ChannelNorm({ name, mode: layer.mode });
    case 'activation':
      if (layer.activation === 'leakyRelu') return tfl.layers.leakyReLU({ name, alpha: LEAKY_RELU_ALPHA });
      return tfl.layers.activation({ name, activation: layer.activation });
    case 'dropout':
      // Unseeded on purpose: a seeded tfjs dropout draws the same mask on every call.
      return tfl.layers.dropout({ name, rate: layer.rate });
    case 'labelEmbedding':
      return new LabelEmbedding({
        name,
        numClasses: layer.numClasses,
        size: layer.size,
        stddev: layer.stddev,
        seed,
      });
    case 'concatenate':
      return tfl.layers.concatenate({ name, axis: -1 });
    case 'upsample':
      return tfl.layers.upSampling2d({ name, size: [layer.height, layer.width] });
    case 'minibatchStd':
      return new MinibatchStd({ name });
    case 'dot':
      return tfl.layers.dot({ name, axes: -1 });
    case 'add':
      return tfl.layers.add({ name });
  }
}
