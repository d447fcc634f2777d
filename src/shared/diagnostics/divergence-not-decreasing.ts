import type { RunScale } from './run-scale';
import { MIN_POINTS, alignSeries, pointsSpanning, smoothCentered, smoothedNoise } from './series';
import type { Alert, RunMetrics } from './types';
import { formatValue } from './wording';

/**
 * JS estimate (nats; log 2 ≈ 0.69 is perfect separation) still counted as high: 0.3 is about
 * D(x) ≈ 0.7 and D(G(z)) ≈ 0.3. A converged run sits near 0 and may stay flat there without alarm.
 */
const JS_HIGH = 0.3;
/** The Wasserstein estimate has no fixed scale: still high while above half its peak after the warm-up. */
const WASSERSTEIN_HIGH_FRACTION = 0.5;
/** A decrease must exceed 0.02 nats (JS) or 5 % of the peak (Wasserstein), and 4× the smoothed noise. */
const JS_TOLERANCE = 0.02;
const WASSERSTEIN_TOLERANCE_FRACTION = 0.05;
const NOISE_MARGIN = 4;

/**
 * Non-convergence in the divergence the current D estimates (js = (V + log 4)/2, or the critic's
 * Wasserstein estimate E[D(x)] − E[D(G(z))]): after the warm-up (while D first learns to tell the two
 * apart the estimate rises from 0 by construction), find the earliest step since which the smoothed
 * estimate never fell more than the tolerance below its value there. Fires when that step lies in the
 * first half of the recorded run (so the second half, lasting at least `sustainSteps`, has not
 * decreased) and the estimate is still high now.
 */
export function diagnoseDivergenceNotDecreasing(metrics: RunMetrics, scale: RunScale): Alert | null {
  const js = metrics.js !== undefined;
  const rows = alignSeries([js ? metrics.js : metrics.wasserstein]);
  if (!rows || rows.steps.length < MIN_POINTS) return null;
  const { steps } = rows;
  const raw = rows.columns[0]!;
  const n = steps.length;
  const firstStep = steps[0]!;
  const lastStep = steps[n - 1]!;
  const middleStep = (firstStep + lastStep) / 2;
  if (lastStep - middleStep < scale.sustainSteps) return null;

  const halfWidth = pointsSpanning(steps, scale.smoothingSteps);
  const smooth = smoothCentered(raw, halfWidth);
  let warm = 0;
  while (warm < n && steps[warm]! < firstStep + scale.earlySteps) warm += 1;
  if (warm >= n - 1) return null;
  let peak = Number.NEGATIVE_INFINITY;
  for (let i = warm; i < n; i++) peak = Math.max(peak, smooth[i]!);
  const now = smooth[n - 1]!;
  const high = js ? now >= JS_HIGH : now > 0 && now >= WASSERSTEIN_HIGH_FRACTION * peak;
  if (!high) return null;

  const base = js ? JS_TOLERANCE : WASSERSTEIN_TOLERANCE_FRACTION * Math.abs(peak);
  const tolerance = Math.max(base, NOISE_MARGIN * smoothedNoise(raw, smooth, halfWidth));
  // Scanning back with the minimum of everything after i: i qualifies when nothing later fell below it.
  let since = -1;
  let laterMinimum = Number.POSITIVE_INFINITY;
  for (let i = n - 1; i >= warm; i--) {
    laterMinimum = Math.min(laterMinimum, smooth[i]!);
    if (smooth[i]! <= laterMinimum + tolerance) since = i;
  }
  if (since < 0 || steps[since]! > middleStep) return null;

  const name = js ? 'The JS estimate' : 'The Wasserstein estimate';
  return {
    id: 'divergence-not-decreasing',
    severity: 'warning',
    title: js ? 'JS divergence not decreasing' : 'Wasserstein estimate not decreasing',
    explanation: js
      ? 'At the optimal D, V = −log 4 + 2·JS(p_data‖p_g), so training G should drive the estimate (V + log 4)/2 down; it has stayed high over the second half, so D still tells real from fake as well as before and G is not closing the gap.'
      : 'The critic’s E[D(x)] − E[D(G(z))] estimates the earth-mover distance G minimises; it has stayed high over the second half, so G is not moving p_g towards p_data.',
    remedies: [
      'Rebalance the players: raise G’s learning rate or lower D’s (two time-scale ratio).',
      'Give G more capacity relative to D.',
      js
        ? 'Switch to WGAN-GP (n_critic 5, λ = 10), whose distance keeps giving G gradient where the JS divergence saturates.'
        : 'Check n_critic (5) and λ (10): a critic trained too little gives G a poor direction.',
      'If the curves also swing, lower both learning rates.',
    ],
    sinceStep: steps[since]!,
    evidence: `${name} is ${formatValue(now)} and has not fallen more than ${formatValue(tolerance)} below its value of ${formatValue(smooth[since]!)} at step ${steps[since]} (peak ${formatValue(peak)}).`,
  };
}
