import { describe, expect, it } from 'vitest';
import { debiasedEma } from './ema';

describe('debiasedEma', () => {
  it('starts at the first value instead of near zero (the debiasing)', () => {
    const smoothed = debiasedEma([10, 10, 10], 0.9);
    // Without debiasing the first point would be (1 − 0.9)·10 = 1.
    expect(smoothed[0]).toBeCloseTo(10, 12);
    expect(smoothed[2]).toBeCloseTo(10, 12);
  });

  it('matches the hand-computed recurrence', () => {
    // s1 = 0.5·0 + 0.5·2 = 1 → 1 / (1 − 0.5) = 2; s2 = 0.5·1 + 0.5·4 = 2.5 → 2.5 / 0.75 = 3.333…
    const [a, b] = debiasedEma([2, 4], 0.5);
    expect(a).toBeCloseTo(2, 12);
    expect(b).toBeCloseTo(10 / 3, 12);
  });

  it('keeps gaps as gaps and leaves values alone at α = 0', () => {
    // s1 = 0.5 → 1; the gap is skipped; s2 = 0.25 + 1.5 = 1.75 → 1.75 / (1 − 0.25) = 7/3.
    expect(debiasedEma([1, null, 3], 0.5)).toEqual([1, null, expect.closeTo(7 / 3, 12)]);
    expect(debiasedEma([1, null, 3], 0)).toEqual([1, null, 3]);
  });
});
