import { describe, expect, it } from 'vitest';
import { Rng } from '../random';
import { kernelDistance, meanPairKernel, meanPairwiseDistance, nearestRows } from './kernel-distance';

function gaussian(rows: number, dim: number, seed: number, shift = 0, scale = 1): Float32Array {
  const rng = new Rng(seed);
  return Float32Array.from({ length: rows * dim }, () => shift + scale * rng.normal());
}

describe('kernel distance (KID)', () => {
  it('matches the formula on a case worked by hand', () => {
    // d = 1: k(a, b) = (ab + 1)³. x = {0, 1}, y = {1, 2}.
    // xx: k(0,1) = 1; yy: k(1,2) = 27; xy: k(0,1)+k(0,2)+k(1,1)+k(1,2) = 1 + 1 + 8 + 27 = 37.
    // MMD² = 2·1/2 + 2·27/2 − 2·37/4 = 1 + 27 − 18.5 = 9.5
    expect(kernelDistance(Float32Array.of(0, 1), Float32Array.of(1, 2), 1)).toBeCloseTo(9.5, 10);
  });

  it('is near zero for samples of one distribution and grows as they move apart', () => {
    const dim = 16;
    const real = gaussian(300, dim, 1);
    const same = kernelDistance(gaussian(300, dim, 2), real, dim);
    const near = kernelDistance(gaussian(300, dim, 3, 0.3), real, dim);
    const far = kernelDistance(gaussian(300, dim, 4, 1), real, dim);
    expect(Math.abs(same)).toBeLessThan(0.05);
    expect(near).toBeGreaterThan(Math.abs(same));
    expect(far).toBeGreaterThan(near);
  });

  it('refuses sets too small or of the wrong width', () => {
    expect(() => kernelDistance(Float32Array.of(1), Float32Array.of(1, 2), 1)).toThrow(/at least two/);
    expect(() => kernelDistance(Float32Array.of(1, 2, 3), Float32Array.of(1, 2), 2)).toThrow(/rows of 2/);
  });
});

describe('mean pairwise distance', () => {
  it('is the mean distance over distinct pairs, 0 for identical rows', () => {
    // (0,0), (3,4), (0,4): distances 5, 4, 3 → mean 4.
    expect(meanPairwiseDistance(Float32Array.of(0, 0, 3, 4, 0, 4), 2)).toBeCloseTo(4);
    expect(meanPairwiseDistance(Float32Array.of(1, 1, 1, 1, 1, 1), 2)).toBe(0);
    expect(meanPairwiseDistance(gaussian(100, 8, 5, 0, 0.1), 8)).toBeLessThan(
      meanPairwiseDistance(gaussian(100, 8, 6, 0, 1), 8),
    );
  });
});

describe('nearest rows', () => {
  it('answers the k nearest base rows per query, nearest first', () => {
    const base = Float32Array.of(0, 10, 3, 7, -2);
    const answer = nearestRows(Float32Array.of(2.6, 9), base, 1, 2);
    expect(answer[0]).toEqual([
      { index: 2, distance: expect.closeTo(0.4, 5) },
      { index: 0, distance: expect.closeTo(2.6, 5) },
    ]);
    expect(answer[1]!.map((n) => n.index)).toEqual([1, 3]);
  });

  it('answers every base row when k is larger than the base', () => {
    expect(nearestRows(Float32Array.of(0), Float32Array.of(5, 1), 1, 10)[0]!.map((n) => n.index)).toEqual([
      1, 0,
    ]);
  });
});

describe('kernel distance with a known reference term', () => {
  it('equals the full computation', () => {
    const x = gaussian(20, 4, 7);
    const y = gaussian(30, 4, 8, 0.5);
    expect(kernelDistance(x, y, 4, meanPairKernel(y, 4))).toBeCloseTo(kernelDistance(x, y, 4), 10);
  });
});
