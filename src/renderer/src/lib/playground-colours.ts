/**
 * The colours of D's surface: a diverging map around D's indifference point. Where D says "real"
 * (D(x) → 1) the plane turns teal, where it says "fake" (→ 0) it turns rose, and where it cannot tell
 * (0.5) it stays neutral — so a generator that has matched the data leaves a plain, even surface.
 */
const REAL: readonly [number, number, number] = [42, 157, 143];
const FAKE: readonly [number, number, number] = [222, 120, 150];
const NEUTRAL: readonly [number, number, number] = [246, 246, 248];

/** t in [0, 1] (0 fake, ½ undecided, 1 real) → RGB. Values outside are clamped; NaN is neutral. */
export function surfaceColour(t: number): [number, number, number] {
  if (!Number.isFinite(t)) return [...NEUTRAL];
  const v = Math.min(1, Math.max(0, t));
  const [end, amount] = v >= 0.5 ? [REAL, (v - 0.5) * 2] : [FAKE, (0.5 - v) * 2];
  return [0, 1, 2].map((i) => Math.round(NEUTRAL[i]! + (end[i]! - NEUTRAL[i]!) * amount)) as [
    number,
    number,
    number,
  ];
}

/**
 * A surface value on the colour scale: probabilities as they are; scores (LSGAN's output, a critic's)
 * spread over [min, max] of the frame, so the middle colour is the middle of what D outputs now.
 */
export function surfacePosition(
  value: number,
  kind: 'probability' | 'score',
  min: number,
  max: number,
): number {
  if (kind === 'probability') return value;
  return max > min ? (value - min) / (max - min) : 0.5;
}
