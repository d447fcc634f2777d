import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { chunkedAddN } from './webgpu-add-n';

describe('chunkedAddN', () => {
  it('sums any number of inputs with calls of at most k inputs, freeing the partial sums', async () => {
    await tf.setBackend('cpu');
    const addN = tf.getKernel('AddN', 'cpu')!.kernelFunc;
    const calls: number[] = [];
    const counting: typeof addN = (args) => {
      calls.push((args.inputs as unknown as unknown[]).length);
      return addN(args);
    };
    const kernel = chunkedAddN(counting, () => 3);
    for (const n of [1, 2, 3, 4, 7, 10, 50]) {
      calls.length = 0;
      const xs = Array.from({ length: n }, (_, i) => tf.tensor1d([i, 2 * i]));
      const before = tf.engine().backend.numDataIds();
      const out = kernel({ inputs: xs as never, backend: tf.backend(), attrs: {} }) as tf.TensorInfo;
      // Σ i = n(n−1)/2, and twice that.
      expect(Array.from(tf.backend().readSync(out.dataId) as Float32Array)).toEqual([
        (n * (n - 1)) / 2,
        n * (n - 1),
      ]);
      expect(Math.max(...calls)).toBeLessThanOrEqual(3);
      expect(tf.engine().backend.numDataIds()).toBe(before + 1);
      tf.backend().disposeData(out.dataId);
      tf.dispose(xs);
    }
  });
});
