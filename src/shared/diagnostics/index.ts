import { diagnoseDiscriminatorDominance } from './discriminator-dominance';
import { diagnoseDivergenceNotDecreasing } from './divergence-not-decreasing';
import { diagnoseLearningStalled } from './learning-stalled';
import { diagnoseModeCollapse } from './mode-collapse';
import { diagnoseNonFinite } from './non-finite';
import { diagnoseOscillation } from './oscillation';
import { scaleRun } from './run-scale';
import type { Alert, RunFacts, RunMetrics } from './types';

export * from './types';

/**
 * What is going wrong in a run, in terms of the GAN game: one alert per kind at most, critical first,
 * then by the step where each began. Pure and linear in the points given (each check smooths and scans
 * its series a few times), so the dashboard can call it on every metrics update, also at 100,000 points
 * per series. Missing series and short runs give fewer alerts, never an error.
 */
export function diagnoseRun(metrics: RunMetrics, facts: RunFacts): Alert[] {
  const scale = scaleRun(facts, lastRecordedStep(metrics));
  const dominance = diagnoseDiscriminatorDominance(metrics, facts, scale);
  const alerts = [
    diagnoseNonFinite(metrics),
    dominance,
    diagnoseModeCollapse(metrics, facts, scale),
    diagnoseOscillation(metrics, facts, scale),
    diagnoseDivergenceNotDecreasing(metrics, scale),
    // A saturated D pins D(G(z)) and G's loss too; the dominance alert already says why.
    dominance ? null : diagnoseLearningStalled(metrics, scale),
  ].filter((alert): alert is Alert => alert !== null);
  return alerts.sort(
    (a, b) =>
      Number(b.severity === 'critical') - Number(a.severity === 'critical') || a.sinceStep - b.sinceStep,
  );
}

function lastRecordedStep(metrics: RunMetrics): number {
  let last = 0;
  for (const series of Object.values(metrics)) {
    const step = series?.steps.at(-1);
    if (step !== undefined) last = Math.max(last, step);
  }
  return last;
}
