import type { RunScale } from './run-scale';
import { MIN_POINTS, alignSeries, pointsSpanning } from './series';
import type { Alert, RunMetrics } from './types';
import { formatValue } from './wording';

/**
 * A series stands still over a window when its standard deviation is at most 1e-4 + 0.1 % of its mean
 * size. Both G's loss and D(G(z)) are minibatch means, so while the networks respond to their inputs
 * they vary by percents from step to step even at equilibrium (and under learning-rate decay); only
 * outputs that no longer depend on z or on the batch stay this still.
 */
const ABSOLUTE_STILLNESS = 1e-4;
const RELATIVE_STILLNESS = 1e-3;

/** Learning stalled: loss_g and d_fake both stand still over `stallSteps` windows, up to now. */
export function diagnoseLearningStalled(metrics: RunMetrics, scale: RunScale): Alert | null {
  const rows = alignSeries([metrics.loss_g, metrics.d_fake]);
  if (!rows || rows.steps.length < MIN_POINTS) return null;
  const { steps } = rows;
  const window = Math.max(MIN_POINTS, pointsSpanning(steps, scale.stallSteps));
  if (steps.length < window) return null;
  const firstEnd = firstStillWindowEnd(rows.columns, window);
  if (firstEnd < 0) return null;

  const sinceStep = steps[firstEnd - window + 1]!;
  const last = steps.length - 1;
  const [lossG, dFake] = rows.columns.map((c) => c[last]!) as [number, number];
  return {
    id: 'learning-stalled',
    severity: 'warning',
    title: 'Learning stalled',
    explanation:
      'G’s loss and D(G(z)) have stopped moving, not even with the noise of fresh minibatches: the networks’ outputs no longer depend on their inputs ' +
      '(dead ReLUs, saturated output units) or the weights no longer change, so neither player is learning.',
    remedies: [
      'Restart from an earlier checkpoint with the learning rates checked (not decayed or set to zero).',
      'Use LeakyReLU (slope 0.2) in D instead of ReLU, so units cannot die.',
      'Add normalisation (batch norm in G, spectral norm in D) to keep activations out of saturation.',
    ],
    sinceStep,
    evidence: `G’s loss has stayed at ${formatValue(lossG)} and D(G(z)) at ${formatValue(dFake)} since step ${sinceStep}, varying by under 0.1 %.`,
  };
}

/**
 * The end of the earliest window of `window` points in the trailing run of windows (each ending one point
 * before the next, the last at the latest point) over which every series is still: sd ≤ 1e-4 +
 * 1e-3·|mean|. −1 when the latest window already moves. The window slides back from the end, so a
 * moving run costs one window; sums are of the values minus the latest one, so nearly constant values
 * do not cancel catastrophically.
 */
function firstStillWindowEnd(series: readonly (readonly number[])[], window: number): number {
  const n = series[0]!.length;
  const origins = series.map((values) => values[n - 1]!);
  const sums = series.map(() => 0);
  const squares = series.map(() => 0);
  const add = (index: number, sign: 1 | -1): void => {
    series.forEach((values, k) => {
      const centred = values[index]! - origins[k]!;
      sums[k]! += sign * centred;
      squares[k]! += sign * centred * centred;
    });
  };
  const still = (): boolean =>
    series.every((_, k) => {
      const mean = sums[k]! / window;
      const sd = Math.sqrt(Math.max(0, squares[k]! / window - mean * mean));
      return sd <= ABSOLUTE_STILLNESS + RELATIVE_STILLNESS * Math.abs(mean + origins[k]!);
    });
  for (let i = n - window; i < n; i++) add(i, 1);
  let first = -1;
  for (let end = n - 1; still(); end--) {
    first = end;
    if (end - window < 0) break;
    add(end, -1);
    add(end - window, 1);
  }
  return first;
}
