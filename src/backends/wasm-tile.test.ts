import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { installFastWasmTile, isWholeRepeat } from './wasm-tile';

// The copying Tile against the cpu backend's, for the tilings it takes and the ones it leaves to the
// native kernel; and no tensor left behind.

async function on(backend: 'cpu' | 'wasm', compute: () => tf.Tensor): Promise<number[]> {
  expect(await tf.setBackend(backend)).toBe(true);
  const result = tf.tidy(compute);
  const data = Array.from(await result.data());
  result.dispose();
  return data;
}

const ramp = (shape: number[]) =>
  tf.tensor(
    Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i * 0.5 - 3),
    shape,
  );

beforeAll(async () => {
  installFastWasmTile();
  installFastWasmTile();
  await tf.setBackend('wasm');
});

describe('which tilings repeat the input whole', () => {
  it('takes only tiled leading dimensions of size 1', () => {
    expect(isWholeRepeat([1, 1, 1, 64], [64, 16, 16, 1])).toBe(true);
    expect(isWholeRepeat([1, 5], [3, 1])).toBe(true);
    expect(isWholeRepeat([2, 3], [1, 1])).toBe(true);
    // [3, 2] tiled ×2 along rows is the whole input twice: rows of size 3 come first.
    expect(isWholeRepeat([3, 2], [2, 1])).toBe(true);
    expect(isWholeRepeat([3, 1], [1, 2])).toBe(false);
    expect(isWholeRepeat([1, 2, 1], [1, 1, 4])).toBe(false);
  });
});

describe('wasm Tile', () => {
  const cases: [string, number[], number[]][] = [
    ['a BatchNorm statistic over an activation', [1, 1, 1, 6], [4, 3, 2, 1]],
    ['a row over a batch', [1, 5], [7, 1]],
    ['a whole matrix twice', [3, 2], [2, 1]],
    ['a column across (native kernel)', [3, 1], [1, 4]],
    ['a middle axis (native kernel)', [2, 1, 3], [1, 5, 1]],
    ['nothing tiled', [2, 3], [1, 1]],
  ];
  for (const [title, shape, reps] of cases) {
    it(`matches cpu: ${title}`, async () => {
      const compute = () => tf.tile(ramp(shape), reps);
      const expected = await on('cpu', compute);
      const before = (await tf.setBackend('wasm'), tf.memory().numTensors);
      expect(await on('wasm', compute)).toEqual(expected);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('leaves int32 tensors to the native kernel, with the same result', async () => {
    const compute = () => tf.tile(tf.tensor([1, 2, 3], [1, 3], 'int32'), [4, 1]);
    expect(await on('wasm', compute)).toEqual(await on('cpu', compute));
  });

  it('tiles an empty tensor to an empty tensor', async () => {
    expect(await on('wasm', () => tf.tile(tf.zeros([1, 0]), [3, 1]))).toEqual([]);
  });
});
