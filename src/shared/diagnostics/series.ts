import type { MetricSeries } from './types';

/** Per-step checks need at least this many finite points: fewer say nothing about a trend. */
export const MIN_POINTS = 20;

/** Several metrics at the steps where every one of them holds a finite value. */
export interface AlignedRows {
  readonly steps: readonly number[];
  /** `columns[k][i]` is the k-th metric at `steps[i]`. */
  readonly columns: readonly (readonly number[])[];
}

/**
 * Joins series on their steps (each in ascending step order, as recorded), keeping only steps where all
 * of them are finite: a null (NaN/Inf) drops that step from every column. Null when a series is missing.
 * Linear; this runs on every dashboard update, at up to 100k points a series.
 */
export function alignSeries(series: readonly (MetricSeries | undefined)[]): AlignedRows | null {
  const present = series.filter((s): s is MetricSeries => s !== undefined);
  if (present.length !== series.length || present.length === 0) return null;
  const lengths = present.map((s) => Math.min(s.steps.length, s.values.length));
  const n = lengths[0]!;
  // The usual case: the engine records every per-step metric at the same steps, and all are finite.
  // Then the recorded arrays serve as they are, without a copy.
  if (
    lengths.every((length) => length === n) &&
    present.every((s) => sameSteps(s, present[0]!, n) && finite(s, n))
  ) {
    const fit = <T>(list: readonly T[]): readonly T[] => (list.length === n ? list : list.slice(0, n));
    // finite() has just checked that no value is null.
    return { steps: fit(present[0]!.steps), columns: present.map((s) => fit(s.values) as readonly number[]) };
  }
  return joinOnSteps(present, lengths);
}

function sameSteps(a: MetricSeries, b: MetricSeries, n: number): boolean {
  if (a.steps === b.steps) return true;
  for (let i = 0; i < n; i++) if (a.steps[i] !== b.steps[i]) return false;
  return true;
}

function finite(series: MetricSeries, n: number): boolean {
  for (let i = 0; i < n; i++) if (!Number.isFinite(series.values[i] ?? Number.NaN)) return false;
  return true;
}

/** A merge join: advance every cursor to the largest current step, keep the row when all meet there. */
function joinOnSteps(present: readonly MetricSeries[], lengths: readonly number[]): AlignedRows {
  const cursors = present.map(() => 0);
  const steps: number[] = [];
  const columns: number[][] = present.map(() => []);
  for (;;) {
    let target = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < present.length; k++) {
      if (cursors[k]! >= lengths[k]!) return { steps, columns };
      target = Math.max(target, present[k]!.steps[cursors[k]!]!);
    }
    let aligned = true;
    let allFinite = true;
    for (let k = 0; k < present.length; k++) {
      const { steps: own, values } = present[k]!;
      let cursor = cursors[k]!;
      while (cursor < lengths[k]! && own[cursor]! < target) cursor += 1;
      cursors[k] = cursor;
      if (cursor >= lengths[k]! || own[cursor] !== target) aligned = false;
      else if (!Number.isFinite(values[cursor] ?? Number.NaN)) allFinite = false;
    }
    if (!aligned) continue;
    if (allFinite) {
      steps.push(target);
      for (let k = 0; k < present.length; k++) columns[k]!.push(present[k]!.values[cursors[k]!]!);
    }
    for (let k = 0; k < present.length; k++) cursors[k]! += 1;
  }
}

/**
 * Centred moving average, mean of x[i − h … i + h] clipped to the ends, via prefix sums (linear time).
 * Centred rather than trailing so a change is located where it happened, not h points later.
 */
export function smoothCentered(values: ArrayLike<number>, halfWidth: number): Float64Array {
  const n = values.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + values[i]!;
  const smoothed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const from = Math.max(0, i - halfWidth);
    const to = Math.min(n - 1, i + halfWidth);
    smoothed[i] = (prefix[to + 1]! - prefix[from]!) / (to - from + 1);
  }
  return smoothed;
}

/**
 * The spread left in a smoothed signal by minibatch noise: rms(raw − smoothed)/√(2h + 1), the standard
 * error of a mean of 2h + 1 independent draws. Thresholds on smoothed curves stay a few times above it.
 */
export function smoothedNoise(
  raw: ArrayLike<number>,
  smoothed: ArrayLike<number>,
  halfWidth: number,
): number {
  let sumSquares = 0;
  for (let i = 0; i < raw.length; i++) sumSquares += (raw[i]! - smoothed[i]!) ** 2;
  return Math.sqrt(sumSquares / Math.max(1, raw.length)) / Math.sqrt(2 * halfWidth + 1);
}

/** How many points of `steps` (evenly spaced on average) cover `windowSteps` steps; at least 1. */
export function pointsSpanning(steps: readonly number[], windowSteps: number): number {
  const n = steps.length;
  const spacing = n < 2 ? 1 : Math.max(1e-9, (steps[n - 1]! - steps[0]!) / (n - 1));
  return Math.max(1, Math.round(windowSteps / spacing));
}

/** Indices [start, end] of a run of points, inclusive. */
export interface Episode {
  readonly start: number;
  readonly end: number;
}

/**
 * The current episode of a condition: the last run of points where it holds, provided it reaches the
 * latest point (within `gapPoints`), bridging lapses of at most `gapPoints` so that one noisy dip does not
 * reset its start. Scans backwards and stops at the first longer lapse, so it costs only the episode.
 */
export function currentEpisode(count: number, holds: (i: number) => boolean, gapPoints = 0): Episode | null {
  let start = -1;
  let end = -1;
  let lapse = 0;
  for (let i = count - 1; i >= 0; i--) {
    if (holds(i)) {
      if (end < 0) end = i;
      start = i;
      lapse = 0;
    } else if (++lapse > gapPoints) {
      break;
    }
  }
  return start < 0 ? null : { start, end };
}

/** The largest value among indices whose step is at most `lastStep` (−∞ when none). */
export function maxUpToStep(steps: readonly number[], values: ArrayLike<number>, lastStep: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < steps.length && steps[i]! <= lastStep; i++) max = Math.max(max, values[i]!);
  return max;
}
