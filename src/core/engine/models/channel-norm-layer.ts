import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { onlyInput, onlyShape, type ConfigDict, type LayerArgs, type LayerInputs } from './layer-types';

export interface ChannelNormArgs extends LayerArgs {
  /** `layer`: over all of a sample's features; `instance`: over each channel's pixels. */
  mode: 'layer' | 'instance';
}

const EPSILON = 1e-5;

/**
 * Per-sample normalisation with a learned per-channel scale γ and shift β (channels last):
 * y = γ · (x − μ) / √(σ² + ε) + β, where μ, σ² are taken per sample over all non-batch axes (`layer`,
 * like PyTorch's GroupNorm(1, C)) or over the spatial axes per channel (`instance`). Unlike batch
 * norm it behaves the same in training and inference and does not mix samples.
 */
export class ChannelNorm extends tfl.layers.Layer {
  static readonly className = 'ChannelNorm';
  private readonly mode: 'layer' | 'instance';
  private gamma: tfl.LayerVariable | null = null;
  private beta: tfl.LayerVariable | null = null;

  constructor(args: ChannelNormArgs) {
    super(args);
    this.mode = args.mode;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = onlyShape(inputShape);
    const channels = shape[shape.length - 1] ?? null;
    if (channels === null) throw new Error(`${this.name} needs a known channel count`);
    this.gamma = this.addWeight('gamma', [channels], 'float32', tfl.initializers.ones());
    this.beta = this.addWeight('beta', [channels], 'float32', tfl.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return onlyShape(inputShape);
  }

  override call(inputs: LayerInputs): tf.Tensor {
    return tf.tidy(() => {
      if (!this.gamma || !this.beta) throw new Error(`${this.name} was called before it was built`);
      const x = onlyInput(inputs);
      const last = this.mode === 'instance' ? x.rank - 1 : x.rank;
      const axes = Array.from({ length: Math.max(last - 1, 0) }, (_, i) => i + 1);
      const { mean, variance } = tf.moments(x, axes, true);
      const normed = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, EPSILON)));
      return tf.add(tf.mul(normed, this.gamma.read()), this.beta.read());
    });
  }

  override getConfig(): ConfigDict {
    return { ...super.getConfig(), mode: this.mode };
  }
}
tf.serialization.registerClass(ChannelNorm);
