import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { seededNormal } from './seeds';
import {
  onlyInput,
  onlyShape,
  type ConfigDict,
  type Kwargs,
  type LayerArgs,
  type LayerInputs,
} from './layer-types';

export type SpectralKind = 'dense' | 'conv2d' | 'conv2dTranspose';

export interface SpectralNormArgs extends LayerArgs {
  kind: SpectralKind;
  /** Units (dense) or filters (conv, deconv). */
  units: number;
  /** Square kernel side and stride (convs only). */
  kernel?: number;
  stride?: number;
  useBias: boolean;
  seed: number;
}

/** ‖v‖ can be 0 for an all-zero kernel; ε keeps the normalisation finite. */
const EPSILON = 1e-12;

/** Identity forward, zero gradient: u and v are constants of the step (computed under no_grad). */
const stopGradient = tf.customGrad((...args) => {
  const x = args[0] as tf.Tensor;
  return { value: tf.clone(x), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
});

const l2Normalize = (t: tf.Tensor): tf.Tensor => tf.div(t, tf.add(tf.norm(t), EPSILON));

/**
 * A dense, conv or transposed-conv layer whose kernel W is divided by its spectral norm σ(W), the
 * largest singular value (Miyato et al. 2018), which bounds the layer's Lipschitz constant by 1.
 * σ is estimated by one power-iteration step per call on W viewed as a matrix [fan-in, out]:
 *   v ← W u / ‖W u‖,  u ← Wᵀ v / ‖Wᵀ v‖,  σ ≈ vᵀ W u
 * with u (a non-trainable weight, [1, out]) carried between calls and updated only in training calls.
 * Gradients flow through W in σ but not through u and v, as in the paper.
 */
export class SpectralNorm extends tfl.layers.Layer {
  static readonly className = 'SpectralNorm';
  private readonly kind: SpectralKind;
  private readonly units: number;
  private readonly kernelSize: number;
  private readonly stride: number;
  private readonly useBias: boolean;
  private readonly seed: number;
  private kernel: tfl.LayerVariable | null = null;
  private bias: tfl.LayerVariable | null = null;
  private u: tfl.LayerVariable | null = null;

  constructor(args: SpectralNormArgs) {
    super(args);
    this.kind = args.kind;
    this.units = args.units;
    this.kernelSize = args.kernel ?? 1;
    this.stride = args.stride ?? 1;
    this.useBias = args.useBias;
    this.seed = args.seed;
  }

  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = onlyShape(inputShape);
    const inputs = shape[shape.length - 1] ?? null;
    if (inputs === null) throw new Error(`${this.name} needs a known input size`);
    const k = this.kernelSize;
    // tfjs kernel layouts: dense [in, out], conv [k, k, in, out], transposed conv [k, k, out, in].
    const kernelShape =
      this.kind === 'dense'
        ? [inputs, this.units]
        : this.kind === 'conv2d'
          ? [k, k, inputs, this.units]
          : [k, k, this.units, inputs];
    this.kernel = this.addWeight('kernel', kernelShape, 'float32', seededNormal(this.seed));
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], 'float32', tfl.initializers.zeros());
    const uInit = seededNormal((this.seed ^ 0x5bd1e995) >>> 0, 1);
    this.u = this.addWeight('u', [1, this.units], 'float32', uInit, undefined, false);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = onlyShape(inputShape);
    if (this.kind === 'dense') return [...shape.slice(0, -1), this.units];
    const [batch = null, h = null, w = null] = shape;
    const size = (side: number | null) =>
      side === null ? null : this.kind === 'conv2d' ? Math.ceil(side / this.stride) : side * this.stride;
    return [batch, size(h), size(w), this.units];
  }

  override call(inputs: LayerInputs, kwargs: Kwargs): tf.Tensor {
    return tf.tidy(() => {
      if (!this.kernel || !this.u) throw new Error(`${this.name} was called before it was built`);
      const x = onlyInput(inputs);
      const w = this.kernel.read();
      const normalized = tf.div(w, this.sigma(w, kwargs['training'] === true));
      const s = this.stride;
      let y: tf.Tensor;
      if (this.kind === 'dense') {
        y = tf.matMul(x as tf.Tensor2D, normalized as tf.Tensor2D);
      } else if (this.kind === 'conv2d') {
        y = tf.conv2d(x as tf.Tensor4D, normalized as tf.Tensor4D, s, 'same');
      } else {
        const [n = 0, h = 0, wd = 0] = x.shape;
        const outShape: [number, number, number, number] = [n, h * s, wd * s, this.units];
        y = tf.conv2dTranspose(x as tf.Tensor4D, normalized as tf.Tensor4D, outShape, s, 'same');
      }
      return this.bias ? tf.add(y, this.bias.read()) : y;
    });
  }

  /** σ(W) by one power-iteration step; writes the new u back when training. */
  private sigma(w: tf.Tensor, training: boolean): tf.Tensor {
    if (!this.u) throw new Error(`${this.name} was called before it was built`);
    // Columns are output features: for the transposed conv, swap its last two axes first.
    const oriented = this.kind === 'conv2dTranspose' ? tf.transpose(w, [0, 1, 3, 2]) : w;
    const matrix = tf.reshape(oriented, [-1, this.units]) as tf.Tensor2D;
    const u0 = this.u.read() as tf.Tensor2D;
    const v = stopGradient(l2Normalize(tf.matMul(u0, matrix, false, true))) as tf.Tensor2D; // [1, fan-in]
    const u = stopGradient(l2Normalize(tf.matMul(v, matrix))) as tf.Tensor2D; // [1, out]
    if (training) this.u.write(u);
    return tf.sum(tf.mul(tf.matMul(v, matrix), u));
  }

  override getConfig(): ConfigDict {
    const { kind, units, kernelSize: kernel, stride, useBias, seed } = this;
    return { ...super.getConfig(), kind, units, kernel, stride, useBias, seed };
  }
}
tf.serialization.registerClass(SpectralNorm);
