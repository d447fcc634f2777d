import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { FEATURE_DIM, createFeatureNet } from './feature-net';
import { ImageQualityProbe, type ImageSet } from './image-quality';
import { nearestRows } from './kernel-distance';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const SIDE = 16;

/** Discs of random colour, size and place on a dark background: a dataset with real variety. */
function discs(count: number, seed: number): ImageSet {
  const rng = new Rng(seed);
  const images = new Uint8Array(count * SIDE * SIDE * 3);
  for (let n = 0; n < count; n++) {
    const [cx, cy, r] = [rng.uniform() * SIDE, rng.uniform() * SIDE, 2 + rng.uniform() * 5];
    const colour = [rng.int(256), rng.int(256), rng.int(256)];
    for (let y = 0; y < SIDE; y++) {
      for (let x = 0; x < SIDE; x++) {
        const inside = (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
        for (let c = 0; c < 3; c++) images[((n * SIDE + y) * SIDE + x) * 3 + c] = inside ? colour[c]! : 20;
      }
    }
  }
  return { count, height: SIDE, width: SIDE, channels: 3, images };
}

/** Images of a set as generator outputs in [−1, 1]. */
function asSamples(set: ImageSet, indices: readonly number[]): Float32Array {
  const size = SIDE * SIDE * 3;
  const out = new Float32Array(indices.length * size);
  indices.forEach((index, row) => {
    for (let k = 0; k < size; k++) out[row * size + k] = set.images[index * size + k]! / 127.5 - 1;
  });
  return out;
}

const shape = (n: number) => [n, SIDE, SIDE, 3];

describe('the feature network', () => {
  it('is the same network every time it is built, and answers FEATURE_DIM numbers per image', async () => {
    const input = tf.randomUniform([2, SIDE, SIDE, 3], -1, 1) as tf.Tensor4D;
    const a = createFeatureNet(3);
    const b = createFeatureNet(3);
    const fa = a.embed(input);
    const fb = b.embed(input);
    expect(fa.shape).toEqual([2, FEATURE_DIM]);
    expect(await fa.data()).toEqual(await fb.data());
    tf.dispose([input, fa, fb]);
    a.dispose();
    b.dispose();
  });
});

describe('image quality of a snapshot', () => {
  it('finds a copied training image as its own nearest neighbour, at distance 0', async () => {
    const data = discs(48, 1);
    const probe = await ImageQualityProbe.create(data, 1);
    const quality = await probe.measure(asSamples(data, [5, 17]), shape(2));
    // ≈ 0: the search expands ‖q − f‖² in float32, which leaves a rounding residue of about 1e-5.
    expect(quality.nearest[0]![0]!.index).toBe(5);
    expect(quality.nearest[0]![0]!.distance).toBeLessThan(0.01);
    expect(quality.nearest[1]![0]!.index).toBe(17);
    expect(quality.nearest[0]).toHaveLength(4);
    expect(quality.nearest[0]![1]!.distance).toBeGreaterThan(0);
    probe.dispose();
  });

  it('scores samples like the data closer than noise, and a collapsed generator as not diverse', async () => {
    const data = discs(64, 2);
    const probe = await ImageQualityProbe.create(data, 1);
    const fresh = discs(32, 3);
    const likeData = await probe.measure(asSamples(fresh, [...fresh.images.keys()].slice(0, 32)), shape(32));
    const rng = new Rng(9);
    const noise = Float32Array.from({ length: 32 * SIDE * SIDE * 3 }, () => rng.uniform() * 2 - 1);
    const noisy = await probe.measure(noise, shape(32));
    const collapsed = await probe.measure(asSamples(fresh, new Array<number>(32).fill(0)), shape(32));
    expect(noisy.kernelDistance).toBeGreaterThan(likeData.kernelDistance);
    expect(collapsed.kernelDistance).toBeGreaterThan(likeData.kernelDistance);
    expect(collapsed.diversity).toBeCloseTo(0, 5);
    expect(likeData.diversity).toBeGreaterThan(0.5 * probe.realDiversity);
    probe.dispose();
  });
});

describe('the nearest-image search', () => {
  it('agrees with the plain-array reference', async () => {
    const data = discs(40, 4);
    const probe = await ImageQualityProbe.create(data, 1);
    const samples = asSamples(discs(6, 5), [0, 1, 2, 3, 4, 5]);
    const measured = await probe.measure(samples, shape(6));
    const net = createFeatureNet(3);
    const embed = async (pixels: Float32Array, n: number) => {
      const input = tf.tensor4d(pixels, [n, SIDE, SIDE, 3]);
      const out = net.embed(input);
      const values = (await out.data()) as Float32Array;
      tf.dispose([input, out]);
      return values;
    };
    const all = asSamples(data, [...Array(40).keys()]);
    const reference = nearestRows(await embed(samples, 6), await embed(all, 40), FEATURE_DIM, 4);
    measured.nearest.forEach((row, i) => {
      expect(row.map((n) => n.index)).toEqual(reference[i]!.map((n) => n.index));
      row.forEach((n, j) => expect(n.distance).toBeCloseTo(reference[i]![j]!.distance, 2));
    });
    net.dispose();
    probe.dispose();
  });
});
