import { PROBABILITY_OBJECTIVES, type Objective } from '../engine/objective';
import type { RunScale } from './run-scale';
import {
  MIN_POINTS,
  alignSeries,
  currentEpisode,
  maxUpToStep,
  pointsSpanning,
  smoothCentered,
} from './series';
import type { Alert, RunFacts, RunMetrics } from './types';
import { formatPercent, formatValue } from './wording';

/** Mean D(G(z)) below this: D rejects fakes with ≥ 95 % confidence (a healthy run hovers at 0.3–0.5). */
const FAKE_REJECTED = 0.05;
/** Mean D(x) above this while fakes are rejected: D separates the two perfectly (it overpowers G). */
const REAL_ACCEPTED = 0.95;
/**
 * G's gradient norm below this fraction of its early level counts as collapsed: a tenfold fall, far
 * beyond minibatch noise or the drift of a healthy run (learning-rate decay does not change it at all).
 */
const GRADIENT_COLLAPSED = 0.1;
/** Score objectives: the critic's gap D(x) − D(G(z)) is "growing" once 1.5× its early peak. */
const GAP_GROWTH = 1.5;

/**
 * D too strong, in the smoothed curves, sustained for `sustainSteps`:
 * - probability objectives: D(G(z)) < 0.05 and either G's gradient norm < 10 % of its early peak
 *   (critical: G has stopped learning) or D(x) > 0.95 (warning: D separates perfectly, gradients next);
 * - score objectives: D(x) − D(G(z)) above 1.5× its early peak while G's gradient norm < 10 % of its own.
 */
export function diagnoseDiscriminatorDominance(
  metrics: RunMetrics,
  facts: RunFacts,
  scale: RunScale,
): Alert | null {
  const rows = alignSeries([metrics.d_real, metrics.d_fake, metrics.grad_norm_g]);
  if (!rows || rows.steps.length < MIN_POINTS) return null;
  const { steps } = rows;
  const halfWidth = pointsSpanning(steps, scale.smoothingSteps);
  const [dReal, dFake, gradG] = rows.columns.map((c) => smoothCentered(c, halfWidth)) as [
    Float64Array,
    Float64Array,
    Float64Array,
  ];
  const gap = dReal.map((real, i) => real - dFake[i]!);
  const earlyEnd = steps[0]! + scale.earlySteps;
  const earlyGrad = maxUpToStep(steps, gradG, earlyEnd);
  const earlyGap = maxUpToStep(steps, gap, earlyEnd);
  const collapsed = (i: number): boolean => gradG[i]! < GRADIENT_COLLAPSED * earlyGrad;
  const probability = PROBABILITY_OBJECTIVES.includes(facts.objective);
  const holds = probability
    ? (i: number) => dFake[i]! < FAKE_REJECTED && (collapsed(i) || dReal[i]! > REAL_ACCEPTED)
    : (i: number) => collapsed(i) && gap[i]! > Math.max(GAP_GROWTH * earlyGap, 0);

  const episode = currentEpisode(steps.length, holds, halfWidth);
  if (!episode) return null;
  const sinceStep = steps[episode.start]!;
  if (steps.at(-1)! - sinceStep < scale.sustainSteps) return null;

  const last = episode.end;
  const gradientGone = collapsed(last);
  const share =
    earlyGrad > 0
      ? `, ${formatPercent(gradG[last]! / earlyGrad)} of its early ${formatValue(earlyGrad)}`
      : '';
  const gradient = `G’s gradient norm is ${formatValue(gradG[last]!)}${share}`;
  const evidence = probability
    ? `D(G(z)) ≈ ${formatValue(dFake[last]!)} and D(x) ≈ ${formatValue(dReal[last]!)} since step ${sinceStep}; ${gradient}.`
    : `D(x) − D(G(z)) grew to ${formatValue(gap[last]!)} (early peak ${formatValue(earlyGap)}) since step ${sinceStep}; ${gradient}.`;
  return {
    id: 'discriminator-dominance',
    severity: gradientGone ? 'critical' : 'warning',
    title: gradientGone ? 'Discriminator wins: G’s gradients vanish' : 'Discriminator separates perfectly',
    explanation: explain(facts.objective, gradientGone),
    remedies: REMEDIES[facts.objective],
    sinceStep,
    evidence,
  };
}

function explain(objective: Objective, gradientGone: boolean): string {
  if (objective === 'minimax') {
    return (
      'With the minimax loss G minimises log(1 − D(G(z))), whose slope in D’s logit is −D(G(z)): once D confidently rejects the fakes that curve is flat, ' +
      (gradientGone
        ? 'so G’s gradient has vanished and G has stopped learning.'
        : 'so G’s gradient is about to vanish.')
    );
  }
  if (objective === 'nonsaturating') {
    return gradientGone
      ? 'D rejects the fakes with near certainty and G’s gradient has collapsed: D’s output is flat around G’s samples, so even log D(G(z)) gives G no direction (the “D too strong” failure).'
      : 'D(x) → 1 and D(G(z)) → 0 together: D separates real from fake perfectly, by overpowering G or memorising the training set, and the signal it gives G is about to vanish.';
  }
  return 'The critic’s gap E[D(x)] − E[D(G(z))] keeps growing past its early level while G’s gradient norm collapses: the critic has run away from G and no longer gives it a useful direction.';
}

const SLOW_DOWN_D =
  'Lower D’s learning rate or raise G’s (a two-time-scale ratio), so D cannot run ahead of G.';
const SMOOTH_LABELS =
  'Add one-sided label smoothing (real targets 0.9) or instance noise on D’s inputs, so D cannot become certain.';
const SPECTRAL_NORM =
  'Use spectral normalisation in D, which bounds how sharply it can separate the samples.';
const SMALLER_D = 'Give D less capacity (fewer filters) or dropout.';

const REMEDIES: Readonly<Record<Objective, readonly string[]>> = {
  minimax: [
    'Switch to the non-saturating loss: G maximises log D(G(z)) instead, with the same fixed point but steep gradients exactly when G is losing.',
    SLOW_DOWN_D,
    SMOOTH_LABELS,
    SPECTRAL_NORM,
  ],
  nonsaturating: [SLOW_DOWN_D, SMOOTH_LABELS, SPECTRAL_NORM, SMALLER_D],
  lsgan: [
    SLOW_DOWN_D,
    'Add instance noise on D’s inputs, so D cannot become certain.',
    SPECTRAL_NORM,
    SMALLER_D,
  ],
  'wgan-gp': [
    'Keep n_critic at 5 and the gradient penalty at λ = 10 (the WGAN-GP defaults): more critic steps or a weaker penalty let the critic run away.',
    SLOW_DOWN_D,
    SMALLER_D,
  ],
  hinge: [SPECTRAL_NORM, SLOW_DOWN_D, SMALLER_D],
};
