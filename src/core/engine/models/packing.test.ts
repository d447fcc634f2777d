import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { packForDiscriminator, packLabels } from './packing';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

describe('packForDiscriminator', () => {
  it('puts sample j of each pack in channels j·C … j·C + C − 1', () => {
    // 4 images of 2×2×3 whose values encode (sample, row, column, channel).
    const x = tf.tensor4d(
      Array.from({ length: 4 * 2 * 2 * 3 }, (_, i) => i),
      [4, 2, 2, 3],
    );
    const packed = packForDiscriminator(x, 2);
    expect(packed.shape).toEqual([2, 2, 2, 6]);
    const p = packed.arraySync() as number[][][][];
    const s = x.arraySync() as number[][][][];
    for (let pack = 0; pack < 2; pack += 1) {
      for (let j = 0; j < 2; j += 1) {
        for (let c = 0; c < 3; c += 1) {
          expect(p[pack]?.[1]?.[0]?.[j * 3 + c]).toBe(s[pack * 2 + j]?.[1]?.[0]?.[c]);
        }
      }
    }
    tf.dispose([x, packed]);
  });

  it('concatenates points, and leaves m = 1 alone', () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
    const packed = packForDiscriminator(x, 4);
    expect(packed.arraySync()).toEqual([[1, 2, 3, 4, 5, 6, 7, 8]]);
    expect(packForDiscriminator(x, 1)).toBe(x);
    tf.dispose([x, packed]);
  });

  it('refuses a batch that does not split into packs', () => {
    const x = tf.zeros([6, 2]);
    expect(() => packForDiscriminator(x, 4)).toThrow(/a batch of 6 cannot be split into packs of 4/);
    x.dispose();
  });
});

describe('packLabels', () => {
  it('gives each pack its first sample’s label, as [N/m]', () => {
    const labels = tf.tensor1d([3, 1, 4, 1, 5, 9], 'int32');
    const packed = packLabels(labels, 2);
    expect(packed.dtype).toBe('int32');
    expect(packed.arraySync()).toEqual([3, 4, 5]);
    const column = tf.tensor2d([3, 1, 4, 1], [4, 1], 'int32');
    const single = packLabels(column, 1);
    expect(single.arraySync()).toEqual([3, 1, 4, 1]);
    tf.dispose([labels, packed, column, single]);
  });
});
