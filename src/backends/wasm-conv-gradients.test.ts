import * as tf from '@tensorflow/tfjs-core';
// Registers tfjs-core's default gradients (the Node bundle of tfjs-core alone has none).
import '@tensorflow/tfjs-layers';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { installComparisonGradients } from './comparison-gradients';
import { installWasmConvGradients } from './wasm-conv-gradients';

type Backend = 'cpu' | 'wasm';
type Shape4 = [number, number, number, number];
type Pad = 'same' | 'valid';

/** Seeded values in [-0.5, 0.5): inputs are plain arrays, because tfjs keeps tensors per backend. */
function values(size: number, seed: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: size }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  });
}
const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** max|a − b| / max|reference|: the error relative to the gradient's scale. */
function relativeError(actual: Float32Array, reference: Float32Array): number {
  expect(actual.length).toBe(reference.length);
  let diff = 0;
  let scale = 0;
  reference.forEach((r, i) => {
    diff = Math.max(diff, Math.abs((actual[i] ?? NaN) - r));
    scale = Math.max(scale, Math.abs(r));
  });
  return diff / Math.max(scale, 1e-30);
}

/** Runs `compute` with freshly built tensors on one backend and returns its results as arrays. */
async function on(backend: Backend, compute: () => tf.Tensor[]): Promise<Float32Array[]> {
  expect(await tf.setBackend(backend)).toBe(true);
  const results = tf.tidy(compute);
  const arrays = results.map((t) => t.dataSync() as Float32Array);
  tf.dispose(results);
  return arrays;
}

/** The same computation on wasm and cpu; returns the worst relative error over its outputs. */
async function worstError(compute: () => tf.Tensor[]): Promise<number> {
  const reference = await on('cpu', compute);
  const actual = await on('wasm', compute);
  return Math.max(...actual.map((a, i) => relativeError(a, reference[i] ?? new Float32Array())));
}

interface ConvCase {
  readonly name: string;
  readonly x: Shape4;
  readonly filter: Shape4;
  readonly strides: number | [number, number];
  readonly pad: Pad;
  /** Conv2DTranspose only: its output shape. */
  readonly out?: Shape4;
}

const conv2dCases: ConvCase[] = [
  { name: 'k3 s1 same, 8×7', x: [2, 8, 7, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same' },
  { name: 'k4 s2 same, 8×8 (DCGAN)', x: [2, 8, 8, 3], filter: [4, 4, 3, 5], strides: 2, pad: 'same' },
  { name: 'k4 s2 same, 7×9 (odd)', x: [3, 7, 9, 2], filter: [4, 4, 2, 3], strides: 2, pad: 'same' },
  { name: 'k5 s2 valid, 9×10', x: [2, 9, 10, 3], filter: [5, 5, 3, 2], strides: 2, pad: 'valid' },
  { name: 'k3 s3 same, 10×8', x: [2, 10, 8, 2], filter: [3, 3, 2, 3], strides: 3, pad: 'same' },
  { name: 'k4 s4 valid, 13×16', x: [2, 13, 16, 2], filter: [4, 4, 2, 2], strides: 4, pad: 'valid' },
  { name: 'k4 strides 2×1 same', x: [2, 8, 7, 2], filter: [4, 4, 2, 3], strides: [2, 1], pad: 'same' },
];

// Conv2DTranspose: filter [k, k, outChannels, inChannels]; 'same' output is ⌈out/s⌉ = in, 'valid' is (in−1)·s + k (+ remainder).
const transposeCases: ConvCase[] = [
  { name: 'k3 s1 same', x: [2, 6, 5, 4], filter: [3, 3, 3, 4], strides: 1, pad: 'same', out: [2, 6, 5, 3] },
  {
    name: 'k4 s2 same (DCGAN)',
    x: [2, 4, 4, 5],
    filter: [4, 4, 3, 5],
    strides: 2,
    pad: 'same',
    out: [2, 8, 8, 3],
  },
  {
    name: 'k4 s2 same, odd 7×9',
    x: [3, 4, 5, 3],
    filter: [4, 4, 2, 3],
    strides: 2,
    pad: 'same',
    out: [3, 7, 9, 2],
  },
  {
    name: 'k5 s2 valid',
    x: [2, 3, 4, 2],
    filter: [5, 5, 3, 2],
    strides: 2,
    pad: 'valid',
    out: [2, 9, 11, 3],
  },
  {
    name: 'k5 s2 valid, remainder',
    x: [2, 3, 3, 2],
    filter: [5, 5, 3, 2],
    strides: 2,
    pad: 'valid',
    out: [2, 10, 10, 3],
  },
  { name: 'k3 s3 same', x: [2, 3, 2, 2], filter: [3, 3, 2, 2], strides: 3, pad: 'same', out: [2, 9, 5, 2] },
];

type ConvOp = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.Tensor4D;
const conv2dOf =
  (c: ConvCase): ConvOp =>
  (x, w) =>
    tf.conv2d(x, w, c.strides, c.pad);
const transposeOf =
  (c: ConvCase): ConvOp =>
  (x, w) =>
    tf.conv2dTranspose(x, w, c.out ?? c.x, c.strides, c.pad);

function inputs(c: ConvCase): { x: tf.Tensor4D; w: tf.Tensor4D } {
  return {
    x: tf.tensor4d(values(sizeOf(c.x), 1), c.x),
    w: tf.tensor4d(values(sizeOf(c.filter), 2), c.filter),
  };
}

/** Forward output, dL/dx and dL/dW of L = Σ c ⊙ op(x, W), with c fixed. */
function firstOrder(c: ConvCase, op: ConvOp): () => tf.Tensor[] {
  return () => {
    const { x, w } = inputs(c);
    const y = op(x, w);
    const weights = tf.tensor(values(y.size, 3), y.shape);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(op(a as tf.Tensor4D, b as tf.Tensor4D), weights)),
    )([x, w]);
    return [y, dx as tf.Tensor, dw as tf.Tensor];
  };
}

/** d/dW ‖∂L/∂x‖² with L = Σ c ⊙ tanh(op(x, W)): the shape of WGAN-GP's gradient penalty. */
function secondOrder(c: ConvCase, op: ConvOp): () => tf.Tensor[] {
  return () => {
    const { x, w } = inputs(c);
    const weights = tf.tensor(values(op(x, w).size, 3), op(x, w).shape);
    const penalty = (wv: tf.Tensor): tf.Scalar => {
      const dx = tf.grad((xv: tf.Tensor) =>
        tf.sum(tf.mul(tf.tanh(op(xv as tf.Tensor4D, wv as tf.Tensor4D)), weights)),
      )(x);
      return tf.sum(tf.square(dx));
    };
    return [tf.grad(penalty)(w)];
  };
}

beforeAll(() => {
  tf.env().set('PROD', true); // no "install the node backend" banner
  installWasmConvGradients();
  installComparisonGradients();
});

describe('conv gradients on wasm match cpu', () => {
  it.each(conv2dCases)('conv2d $name: output, dL/dx, dL/dW', async (c) => {
    const error = await worstError(firstOrder(c, conv2dOf(c)));
    expect(error).toBeLessThan(1e-4);
  });

  it.each(transposeCases)('conv2dTranspose $name: output, dL/dx, dL/dW', async (c) => {
    const error = await worstError(firstOrder(c, transposeOf(c)));
    expect(error).toBeLessThan(1e-4);
  });

  it.each([
    ['conv2d', conv2dCases[1], conv2dOf],
    ['conv2d', conv2dCases[3], conv2dOf],
    ['conv2dTranspose', transposeCases[1], transposeOf],
    ['conv2dTranspose', transposeCases[3], transposeOf],
  ] as const)('second order, %s: d/dW ‖∂L/∂x‖²', async (_label, c, opOf) => {
    if (!c) throw new Error('missing case');
    const error = await worstError(secondOrder(c, opOf(c)));
    expect(error).toBeLessThan(1e-4);
  });

  it('differentiates the filter gradient itself: d/dx ⟨∂L/∂W, V⟩ = conv2dTranspose(dy, V)', async () => {
    const c = conv2dCases[2];
    if (!c) throw new Error('missing case');
    const viaTape = (): tf.Tensor[] => {
      const { x, w } = inputs(c);
      const dy = tf.tensor(
        values(tf.conv2d(x, w, c.strides, c.pad).size, 4),
        tf.conv2d(x, w, c.strides, c.pad).shape,
      );
      const v = tf.tensor4d(values(sizeOf(c.filter), 5), c.filter);
      const pairing = (xv: tf.Tensor): tf.Scalar => {
        const dw = tf.grad((wv: tf.Tensor) =>
          tf.sum(tf.mul(tf.conv2d(xv as tf.Tensor4D, wv as tf.Tensor4D, c.strides, c.pad), dy)),
        )(w);
        return tf.sum(tf.mul(dw, v));
      };
      return [tf.grad(pairing)(x), tf.conv2dTranspose(dy as tf.Tensor4D, v, c.x, c.strides, c.pad)];
    };
    const [wasmTape, wasmExact] = await on('wasm', viaTape);
    const [cpuTape] = await on('cpu', viaTape);
    if (!wasmTape || !wasmExact || !cpuTape) throw new Error('missing result');
    expect(relativeError(wasmTape, wasmExact)).toBeLessThan(1e-4);
    expect(relativeError(wasmTape, cpuTape)).toBeLessThan(1e-4);
  });
});

describe('installWasmConvGradients', () => {
  it('is idempotent and registers kernels for wasm only', () => {
    const before = ['Conv2DBackpropFilter', 'Conv2DBackpropInput'].map((k) => tf.getKernel(k, 'wasm'));
    const cpuBefore = ['Conv2DBackpropFilter', 'Conv2DBackpropInput'].map((k) => tf.getKernel(k, 'cpu'));
    const gradient = tf.getGradient('Conv2DBackpropFilter');
    installWasmConvGradients();
    installComparisonGradients();
    expect(['Conv2DBackpropFilter', 'Conv2DBackpropInput'].map((k) => tf.getKernel(k, 'wasm'))).toEqual(
      before,
    );
    expect(['Conv2DBackpropFilter', 'Conv2DBackpropInput'].map((k) => tf.getKernel(k, 'cpu'))).toEqual(
      cpuBefore,
    );
    expect(tf.getGradient('Conv2DBackpropFilter')).toBe(gradient);
    expect(tf.getGradient('Conv2D')?.gradFunc).toBeDefined();
  });
});
