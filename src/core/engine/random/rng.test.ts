import { describe, expect, it } from 'vitest';
import { Rng, deriveSeed, type RngState } from './rng';

function draws(rng: Rng, count: number): number[] {
  return Array.from({ length: count }, () => rng.nextUint32());
}

describe('Rng', () => {
  it('matches the reference xoshiro128** output for the state {1, 2, 3, 4}', () => {
    // Values printed by Blackman & Vigna's C reference (xoshiro128starstar.c) from s = {1, 2, 3, 4}.
    const rng = Rng.fromState({ algorithm: 'xoshiro128**', words: [1, 2, 3, 4], spareNormal: null });
    expect(draws(rng, 8)).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849,
    ]);
  });

  it('gives the same sequence for the same seed and a different one for another seed', () => {
    expect(draws(new Rng(42), 20)).toEqual(draws(new Rng(42), 20));
    expect(draws(new Rng(42), 20)).not.toEqual(draws(new Rng(43), 20));
    // Seeds beyond 32 bits and negative seeds are distinct seeds, not wrapped onto small ones.
    expect(draws(new Rng(2 ** 32 + 7), 4)).not.toEqual(draws(new Rng(7), 4));
    expect(draws(new Rng(-1), 4)).not.toEqual(draws(new Rng(2 ** 32 - 1), 4));
  });

  it('rejects seeds that are not whole numbers', () => {
    expect(() => new Rng(1.5)).toThrow(RangeError);
    expect(() => new Rng(Number.NaN)).toThrow(RangeError);
  });

  it('continues the exact same sequence after a JSON round trip of its state, spare normal included', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 11; i++) rng.normal(); // odd count: a spare normal is waiting
    rng.uniform();
    const saved = JSON.parse(JSON.stringify(rng.getState())) as RngState;
    expect(saved.spareNormal).not.toBeNull();

    const expected = [rng.normal(), rng.normal(), rng.uniform(), rng.int(1000), rng.normal()];
    const restored = Rng.fromState(saved);
    expect([
      restored.normal(),
      restored.normal(),
      restored.uniform(),
      restored.int(1000),
      restored.normal(),
    ]).toEqual(expected);
  });

  it('refuses a damaged state', () => {
    const rng = new Rng(1);
    const zero = { algorithm: 'xoshiro128**', words: [0, 0, 0, 0], spareNormal: null } as const;
    expect(() => rng.setState(zero)).toThrow(/damaged/);
    const negative = { algorithm: 'xoshiro128**', words: [-1, 2, 3, 4], spareNormal: null } as const;
    expect(() => rng.setState(negative)).toThrow(/damaged/);
  });

  it('draws uniforms in [0, 1) with mean ≈ 1/2', () => {
    const rng = new Rng(3);
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng.uniform();
      sum += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // Standard error of the mean: √(1/12 / n) ≈ 0.0009.
    expect(Math.abs(sum / 100_000 - 0.5)).toBeLessThan(0.005);
  });

  it('draws normals with mean ≈ 0 and variance ≈ 1 over 100k samples', () => {
    const values = new Rng(11).fillNormal(new Float32Array(100_000));
    let sum = 0;
    let sumSquares = 0;
    for (const v of values) {
      sum += v;
      sumSquares += v * v;
    }
    const mean = sum / values.length;
    const variance = sumSquares / values.length - mean * mean;
    // Standard errors: mean 1/√n ≈ 0.0032, variance √(2/n) ≈ 0.0045; allow about 5 of each.
    expect(Math.abs(mean)).toBeLessThan(0.016);
    expect(Math.abs(variance - 1)).toBeLessThan(0.025);
  });

  it('fills in the same order as repeated normal() calls', () => {
    const filled = new Rng(5).fillNormal(new Float32Array(7));
    const one = new Rng(5);
    expect(Array.from(filled)).toEqual(Array.from({ length: 7 }, () => Math.fround(one.normal())));
  });

  it('draws every integer in [0, n) about equally often', () => {
    const rng = new Rng(9);
    const counts = new Array<number>(7).fill(0);
    for (let i = 0; i < 70_000; i++) counts[rng.int(7)]! += 1;
    // Each count ~ Binomial(70000, 1/7): mean 10000, sd ≈ 93.
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    expect(() => rng.int(0)).toThrow(RangeError);
    expect(() => rng.int(2.5)).toThrow(RangeError);
  });

  it('shuffles into a permutation, deterministically', () => {
    const a = Array.from({ length: 1000 }, (_, i) => i);
    new Rng(21).shuffleInPlace(a);
    expect([...a].sort((x, y) => x - y)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(a).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));

    const typed = Uint32Array.from({ length: 1000 }, (_, i) => i);
    new Rng(21).shuffleInPlace(typed);
    expect(Array.from(typed)).toEqual(a);
  });

  it('shuffles uniformly: every position of a 3-element array is equally likely', () => {
    const rng = new Rng(13);
    const seen = new Map<string, number>();
    for (let i = 0; i < 60_000; i++) {
      const key = rng.shuffleInPlace(['a', 'b', 'c']).join('');
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect(seen.size).toBe(6);
    for (const count of seen.values()) expect(Math.abs(count - 10_000)).toBeLessThan(500);
  });
});

describe('deriveSeed', () => {
  it('is stable and separates streams and seeds', () => {
    expect(deriveSeed(1, 'noise')).toBe(deriveSeed(1, 'noise'));
    const seeds = new Set([
      deriveSeed(1, 'noise'),
      deriveSeed(1, 'data'),
      deriveSeed(1, 'init'),
      deriveSeed(2, 'noise'),
      deriveSeed(2 ** 32 + 1, 'noise'),
    ]);
    expect(seeds.size).toBe(5);
    for (const seed of seeds) expect(Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32).toBe(true);
  });

  it('gives streams whose sequences are unrelated', () => {
    const a = new Rng(deriveSeed(0, 'noise')).fillNormal(new Float32Array(10_000));
    const b = new Rng(deriveSeed(0, 'data')).fillNormal(new Float32Array(10_000));
    let dot = 0;
    for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
    // The correlation of independent normals has sd 1/√n = 0.01.
    expect(Math.abs(dot / a.length)).toBeLessThan(0.05);
  });
});
