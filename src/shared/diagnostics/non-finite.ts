import type { Alert, RunMetrics } from './types';

/**
 * The per-step training metrics in which a null (NaN or ±Inf) means the weights themselves have gone
 * non-finite. Throughput and snapshot metrics are left out: a null there says nothing about the game.
 */
const TRAINING_METRICS = [
  'loss_d',
  'loss_g',
  'd_real',
  'd_fake',
  'grad_norm_d',
  'grad_norm_g',
  'js',
  'wasserstein',
] as const;

/**
 * NaN/Inf: critical from the first non-finite value on. Once one update carries a NaN every weight it
 * touches is NaN, so there is no recovery short of an earlier checkpoint; no window is needed.
 */
export function diagnoseNonFinite(metrics: RunMetrics): Alert | null {
  let firstStep = Number.POSITIVE_INFINITY;
  let count = 0;
  const affected: string[] = [];
  for (const name of TRAINING_METRICS) {
    const series = metrics[name];
    if (!series) continue;
    const length = Math.min(series.steps.length, series.values.length);
    let seen = false;
    for (let i = 0; i < length; i++) {
      const value = series.values[i];
      if (value !== null && value !== undefined && Number.isFinite(value)) continue;
      count += 1;
      firstStep = Math.min(firstStep, series.steps[i]!);
      seen = true;
    }
    if (seen) affected.push(name);
  }
  if (count === 0) return null;
  return {
    id: 'non-finite',
    severity: 'critical',
    title: 'NaN or infinite values',
    explanation:
      'A loss or gradient became NaN or infinite, so the weights it updated are now NaN and the run cannot recover (the engine stops it). ' +
      'Usual causes: a learning rate too high for the objective, a discriminator without normalisation whose logits explode until log(1 − D) or its gradient overflows, or overflow in low-precision arithmetic.',
    remedies: [
      `Resume from the last checkpoint before step ${firstStep} with lower learning rates.`,
      'Add normalisation: spectral normalisation in D, batch normalisation in G.',
      'For WGAN-GP keep the gradient penalty on (λ = 10) and Adam β1 at 0; for the others, β1 = 0.5.',
      'Train in float32 if a reduced-precision backend is in use.',
    ],
    sinceStep: firstStep,
    evidence: `${affected.join(', ')} first became NaN or infinite at step ${firstStep} (${count} non-finite value${count === 1 ? '' : 's'} in all).`,
  };
}
