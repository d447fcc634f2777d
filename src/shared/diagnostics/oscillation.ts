import type { RunScale } from './run-scale';
import { MIN_POINTS, alignSeries, pointsSpanning, smoothCentered, smoothedNoise } from './series';
import type { Alert, RunFacts, RunMetrics } from './types';
import { formatValue } from './wording';

/**
 * Probability objectives and LSGAN (targets 0 and 1): D(G(z)) must swing at least 0.1 either side of
 * its trend, a peak-to-peak of 0.2, where a healthy run's smoothed curve moves by a few hundredths.
 */
const BOUNDED_SWING = 0.1;
/** Critic scores have no fixed scale: their gap must swing by half its mean size either side of its trend. */
const RELATIVE_SWING = 0.5;
/** And in every case by at least 4× what minibatch noise leaves in the smoothed curve. */
const NOISE_MARGIN = 4;
/** Alternate crossings of the band in the current episode: 6 are three full cycles, not a wobble. */
const MIN_CROSSINGS = 6;

/**
 * Oscillation: the smoothed D(G(z)) (or, for WGAN-GP and hinge, the critic's gap D(x) − D(G(z))), with
 * its slow trend removed, crosses alternately above +band and below −band at least 6 times, each
 * crossing within two trend widths of the previous one and the last within two trend widths of now.
 * The losses are functions of these same outputs, so D(G(z)) carries their swings on a bounded scale.
 */
export function diagnoseOscillation(metrics: RunMetrics, facts: RunFacts, scale: RunScale): Alert | null {
  const critic = facts.objective === 'wgan-gp' || facts.objective === 'hinge';
  const rows = alignSeries(critic ? [metrics.d_real, metrics.d_fake] : [metrics.d_fake]);
  if (!rows || rows.steps.length < MIN_POINTS) return null;
  const { steps, columns } = rows;
  const raw = critic ? columns[0]!.map((real, i) => real - columns[1]![i]!) : columns[0]!;
  const halfWidth = pointsSpanning(steps, scale.smoothingSteps);
  const smooth = smoothCentered(raw, halfWidth);
  const trendWidth = pointsSpanning(steps, scale.trendSteps);
  const trend = smoothCentered(smooth, trendWidth);
  const level = critic ? RELATIVE_SWING * meanAbsolute(smooth) : BOUNDED_SWING;
  const band = Math.max(level, NOISE_MARGIN * smoothedNoise(raw, smooth, halfWidth));

  // Alternate band crossings of the detrended curve (hysteresis: noise inside the band never counts).
  const crossings: number[] = [];
  let side = 0;
  for (let i = 0; i < smooth.length; i++) {
    const detrended = smooth[i]! - trend[i]!;
    const now = detrended > band ? 1 : detrended < -band ? -1 : 0;
    if (now !== 0 && now !== side) {
      crossings.push(i);
      side = now;
    }
  }
  const maxSpacing = 2 * trendWidth;
  if (crossings.length === 0 || steps.length - 1 - crossings.at(-1)! > maxSpacing) return null;
  let first = crossings.length - 1;
  while (first > 0 && crossings[first]! - crossings[first - 1]! <= maxSpacing) first -= 1;
  const count = crossings.length - first;
  if (count < MIN_CROSSINGS) return null;

  const start = crossings[first]!;
  const sinceStep = steps[start]!;
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let i = start; i < smooth.length; i++) {
    low = Math.min(low, smooth[i]!);
    high = Math.max(high, smooth[i]!);
  }
  const period = (2 * (steps[crossings.at(-1)!]! - sinceStep)) / (count - 1);
  const signal = critic ? 'D(x) − D(G(z))' : 'D(G(z))';
  return {
    id: 'oscillation',
    severity: 'warning',
    title: 'Oscillating, not converging',
    explanation:
      'D and G take turns winning instead of settling: simultaneous gradient steps on a min-max game rotate around the equilibrium (as on V = x·y), ' +
      'so each player overshoots the other’s response and the curves swing with no trend.',
    remedies: [
      'Lower both learning rates (Adam with β1 = 0.5, or 0 for WGAN-GP).',
      'Regularise D with spectral normalisation or a gradient penalty, which damps the rotation.',
      'Use a learning-rate decay over the second half, and a generator EMA for the samples.',
      'Rebalance the players: lower D’s learning rate or raise G’s (two time-scale ratio).',
    ],
    sinceStep,
    evidence: `${signal} swung between ${formatValue(low)} and ${formatValue(high)}, crossing ±${formatValue(band)} around its trend ${count} times since step ${sinceStep} (a cycle about every ${Math.round(period)} steps).`,
  };
}

function meanAbsolute(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.abs(values[i]!);
  return values.length === 0 ? 0 : sum / values.length;
}
