import type { Objective } from '../../engine/objective';
import type { MetricSeries, RunMetrics } from '../types';

/**
 * Seeded synthetic metric streams for the diagnostics' tests (test code only): each metric is a mean
 * curve over the steps plus Gaussian noise, recorded at every step the way the engine records them.
 */
export type Curve = (step: number) => number;

export interface CurveSpec {
  readonly mean: Curve;
  /** Standard deviation of the per-step noise (minibatch noise), fixed or per step. */
  readonly noise: number | Curve;
  /** Values are clipped into this range (probabilities, norms). */
  readonly range?: readonly [number, number];
}

/** mulberry32: a small, fast, seedable generator in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller). */
export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** `from` until step `start`, then linearly to `to` at step `end`, then `to`. */
export function ramp(from: number, to: number, start: number, end: number): Curve {
  return (step) =>
    step <= start ? from : step >= end ? to : from + ((to - from) * (step - start)) / (end - start);
}

/** `before` until step `at`, `after` from there on. */
export function switchAt(at: number, before: Curve, after: Curve): Curve {
  return (step) => (step < at ? before(step) : after(step));
}

const PROBABILITY: readonly [number, number] = [1e-6, 1 - 1e-6];
const POSITIVE: readonly [number, number] = [1e-9, Number.POSITIVE_INFINITY];
const constant =
  (value: number): Curve =>
  () =>
    value;

/**
 * The mean curves of a healthy run of `steps` steps. Probability objectives: D(x) 0.6 → 0.55 and
 * D(G(z)) 0.4 → 0.45, losses around 1.3 (D) and 0.8 (G), steady gradient norms, and the JS estimate
 * (log D(x) + log(1 − D(G(z))) + log 4)/2 falling from 0.18 to 0.1. Critic objectives: the gap rises over
 * the first 3 % while the critic learns, then decays to a fifth of its peak.
 */
export function healthyCurves(objective: Objective, steps: number): Record<string, CurveSpec> {
  const common = {
    grad_norm_d: { mean: constant(1.5), noise: 0.3, range: POSITIVE },
    grad_norm_g: { mean: constant(1), noise: 0.2, range: POSITIVE },
    images_per_second: { mean: constant(500), noise: 20, range: POSITIVE },
  };
  if (objective === 'minimax' || objective === 'nonsaturating' || objective === 'lsgan') {
    const dReal = ramp(0.6, 0.55, 0, steps);
    const dFake = ramp(0.4, 0.45, 0, steps);
    const curves: Record<string, CurveSpec> = {
      ...common,
      d_real: { mean: dReal, noise: 0.03, range: PROBABILITY },
      d_fake: { mean: dFake, noise: 0.03, range: PROBABILITY },
      loss_d: { mean: constant(1.3), noise: 0.1, range: POSITIVE },
      loss_g: { mean: constant(0.8), noise: 0.1, range: POSITIVE },
    };
    if (objective !== 'lsgan') {
      const js: Curve = (s) => (Math.log(dReal(s)) + Math.log(1 - dFake(s)) + Math.log(4)) / 2;
      curves.js = { mean: js, noise: 0.02 };
    }
    return curves;
  }
  const peak = 4;
  const gap: Curve = (s) =>
    s < 0.03 * steps
      ? (peak * s) / (0.03 * steps)
      : peak * (0.2 + 0.8 * Math.exp(-(s - 0.03 * steps) / (0.2 * steps)));
  return {
    ...common,
    ...criticScores(gap),
    wasserstein: { mean: gap, noise: 0.3 },
    loss_d: { mean: (s) => -gap(s) + 0.5, noise: 0.4 },
    loss_g: { mean: (s) => -(0.3 - gap(s) / 2), noise: 0.3 },
  };
}

/** Critic scores around 0.3 whose gap D(x) − D(G(z)) follows `gap`, with the healthy runs' noise. */
export function criticScores(gap: Curve): Record<'d_real' | 'd_fake', CurveSpec> {
  return {
    d_real: { mean: (s) => 0.3 + gap(s) / 2, noise: 0.3 },
    d_fake: { mean: (s) => 0.3 - gap(s) / 2, noise: 0.3 },
  };
}

/** Records curves at steps 1…steps (every `every` steps), with seeded noise. */
export function recordCurves(
  curves: Readonly<Record<string, CurveSpec>>,
  options: { readonly steps: number; readonly seed: number; readonly every?: number },
): Record<string, MetricSeries> {
  const random = seededRandom(options.seed);
  const every = options.every ?? 1;
  const metrics: Record<string, MetricSeries> = {};
  for (const [name, spec] of Object.entries(curves)) {
    const steps: number[] = [];
    const values: number[] = [];
    for (let step = every; step <= options.steps; step += every) {
      const sd = typeof spec.noise === 'number' ? spec.noise : spec.noise(step);
      const value = spec.mean(step) + sd * gaussian(random);
      const [low, high] = spec.range ?? [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY];
      steps.push(step);
      values.push(Math.min(high, Math.max(low, value)));
    }
    metrics[name] = { steps, values };
  }
  return metrics;
}

/** A run of `objective`: healthy curves, with `changes` replacing some of them. */
export function syntheticRun(options: {
  readonly objective: Objective;
  readonly steps: number;
  readonly seed?: number;
  readonly every?: number;
  readonly changes?: Readonly<Record<string, CurveSpec>>;
}): Record<string, MetricSeries> {
  const curves = { ...healthyCurves(options.objective, options.steps), ...options.changes };
  return recordCurves(curves, { steps: options.steps, seed: options.seed ?? 1, every: options.every });
}

/** Snapshot metrics of a 2-D run: one value per snapshot step. */
export function snapshotSeries(
  steps: readonly number[],
  value: (step: number, index: number) => number,
): MetricSeries {
  return { steps, values: steps.map(value) };
}

/** Snapshot steps every `every` steps up to `last`. */
export function snapshotSteps(every: number, last: number): number[] {
  const steps: number[] = [];
  for (let step = every; step <= last; step += every) steps.push(step);
  return steps;
}

/**
 * A healthy ring8-style coverage history: every mode found over the first 10 % of the run while the
 * share of high-quality samples climbs to 90 % over the first 20 %, then all modes, except at one
 * snapshot that misses a thin mode.
 */
export function healthyCoverage(modeCount: number, snapshots: readonly number[], steps: number): RunMetrics {
  const found = (step: number): number => Math.min(modeCount, Math.round((modeCount * step) / (0.1 * steps)));
  const middle = snapshots[Math.floor(snapshots.length / 2)];
  return {
    modes_captured: snapshotSeries(snapshots, (s) => (s === middle ? modeCount - 1 : found(s))),
    high_quality_pct: snapshotSeries(snapshots, (s) => Math.min(90, (90 * s) / (0.2 * steps))),
  };
}
