import { describe, expect, it } from 'vitest';
import { exportLabels, exportNoise, interpolationNoise, slerp } from './latent';

const norm = (v: Float32Array): number => Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));

describe('export noise', () => {
  it('is a function of the seed, and a larger export starts with a smaller one', () => {
    expect(exportNoise(7, 4, 8)).toEqual(exportNoise(7, 4, 8));
    expect(exportNoise(7, 16, 8).subarray(0, 32)).toEqual(exportNoise(7, 4, 8));
    expect(exportNoise(8, 4, 8)).not.toEqual(exportNoise(7, 4, 8));
  });

  it('labels cycle through the classes, or are the chosen class, or none', () => {
    expect(Array.from(exportLabels(7, 3, null)!)).toEqual([0, 1, 2, 0, 1, 2, 0]);
    expect(Array.from(exportLabels(3, 3, 2)!)).toEqual([2, 2, 2]);
    expect(exportLabels(3, 0, null)).toBeNull();
  });
});

describe('slerp', () => {
  it('starts and ends at the two vectors and stays near their norm in between', () => {
    const [z0, z1] = [exportNoise(1, 1, 64), exportNoise(2, 1, 64)];
    expect(Array.from(slerp(z0, z1, 0))).toEqual(Array.from(z0).map((v) => expect.closeTo(v, 5)));
    expect(Array.from(slerp(z0, z1, 1))).toEqual(Array.from(z1).map((v) => expect.closeTo(v, 5)));
    // The straight line's midpoint has norm ≈ √2/2 of the ends' for orthogonal-ish Gaussian vectors;
    // the great circle keeps it.
    const ends = (norm(z0) + norm(z1)) / 2;
    expect(norm(slerp(z0, z1, 0.5)) / ends).toBeGreaterThan(0.95);
    const line = Float32Array.from(z0, (v, i) => (v + (z1[i] ?? 0)) / 2);
    expect(norm(line) / ends).toBeLessThan(0.85);
  });

  it('falls back to the straight line for parallel vectors', () => {
    const z = Float32Array.from([1, 2, 3]);
    expect(Array.from(slerp(z, z, 0.3))).toEqual([1, 2, 3].map((v) => expect.closeTo(v, 6)));
  });

  it('walks K steps with both ends included', () => {
    const walk = interpolationNoise(3, 4, 5);
    expect(walk).toHaveLength(20);
    expect(walk).toEqual(interpolationNoise(3, 4, 5));
    expect(walk.subarray(0, 4)).not.toEqual(walk.subarray(16, 20));
  });
});
