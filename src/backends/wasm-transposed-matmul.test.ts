import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFastWasmTransposedMatMul } from './wasm-transposed-matmul';

// The wrapped wasm kernels against the cpu backend's products, for every transposition, plain and fused
// (bias, activation), rank 2 and batched rank 3; and no tensor left behind.

function values(size: number, seed: number): number[] {
  let state = seed >>> 0;
  return Array.from({ length: size }, () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  });
}

async function on(backend: 'cpu' | 'wasm', compute: () => tf.Tensor): Promise<Float32Array> {
  expect(await tf.setBackend(backend)).toBe(true);
  const result = tf.tidy(compute);
  const data = (await result.data()) as Float32Array;
  result.dispose();
  return data;
}

beforeAll(async () => {
  installFastWasmTransposedMatMul();
  // Installing twice must not wrap twice.
  installFastWasmTransposedMatMul();
  await tf.setBackend('wasm');
});

const CASES = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
] as const;

describe('wasm matMul without slow transposes', () => {
  for (const [transposeA, transposeB] of CASES) {
    it(`matches cpu with transposeA=${transposeA}, transposeB=${transposeB}`, async () => {
      const [m, k, n] = [5, 7, 3];
      const aShape: [number, number] = transposeA ? [k, m] : [m, k];
      const bShape: [number, number] = transposeB ? [n, k] : [k, n];
      const plain = () =>
        tf.matMul(
          tf.tensor2d(values(m * k, 1), aShape),
          tf.tensor2d(values(k * n, 2), bShape),
          transposeA,
          transposeB,
        );
      const fused = () =>
        tf.fused.matMul({
          a: tf.tensor2d(values(m * k, 1), aShape),
          b: tf.tensor2d(values(k * n, 2), bShape),
          transposeA,
          transposeB,
          bias: tf.tensor1d(values(n, 3)),
          activation: 'relu',
        });
      const batched = () =>
        tf.matMul(
          tf.tensor3d(values(2 * m * k, 4), [2, ...aShape]),
          tf.tensor3d(values(2 * k * n, 5), [2, ...bShape]),
          transposeA,
          transposeB,
        );
      for (const compute of [plain, fused, batched]) {
        const expected = await on('cpu', compute);
        const actual = await on('wasm', compute);
        expect(actual.length).toBe(expected.length);
        actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
      }
    });
  }

  it('leaves no intermediate tensors behind', async () => {
    await tf.setBackend('wasm');
    const a = tf.tensor2d(values(12, 1), [4, 3]);
    const b = tf.tensor2d(values(12, 2), [4, 3]);
    const before = tf.memory().numTensors;
    const bytesBefore = tf.memory().numBytes;
    tf.matMul(a, b, true, false).dispose();
    tf.fused.matMul({ a, b, transposeB: true }).dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.memory().numBytes).toBe(bytesBefore);
    tf.dispose([a, b]);
  });

  it('wraps the kernels once, and only on wasm', () => {
    const wasm = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc;
    installFastWasmTransposedMatMul();
    expect(tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc).toBe(wasm);
    expect(tf.getKernel('BatchMatMul', 'cpu')!.kernelFunc).not.toBe(wasm);
  });
});
