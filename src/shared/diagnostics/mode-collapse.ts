import type { RunScale } from './run-scale';
import { alignSeries, currentEpisode } from './series';
import type { Alert, RunFacts, RunMetrics } from './types';
import { formatPercent, formatValue } from './wording';

/**
 * Snapshots in a row that must show collapse: one snapshot can miss a thin mode by chance, three in a
 * row (hundreds to thousands of steps) cannot.
 */
const SUSTAINED_SNAPSHOTS = 3;
/**
 * High-quality samples (within 3σ of a mode) above this percentage mean G has learned to hit modes, so
 * the modes it misses are missed for good, not merely not reached yet. An untrained G scores near 0.
 */
const LEARNED_QUALITY_PCT = 50;
/** Modes that must be missing to count: 10 % of them, at least one (1 of ring8's 8, 3 of grid25's 25). */
const missingTolerance = (modeCount: number): number => Math.max(1, Math.ceil(0.1 * modeCount));
/** Image runs: generated diversity below half the real diversity is collapse (critical below a quarter). */
const DIVERSITY_COLLAPSED = 0.5;
const DIVERSITY_SEVERE = 0.25;
/**
 * Image runs: snapshots before 10 % of the run are ignored, because an untrained G often maps every z to
 * nearly the same grey image: low diversity, but not collapse.
 */
const DIVERSITY_WARMUP_FRACTION = 0.1;
/** Image runs: diversity that grew by more than this factor over the low stretch is still recovering. */
const DIVERSITY_RECOVERING = 1.25;

const EXPLANATION =
  'G has found a few outputs that D currently accepts and maps most of z onto them, covering only part of p_data; ' +
  'D then learns to reject those and G hops to other modes instead of spreading out, because nothing in one sample’s loss rewards variety.';
const REMEDIES = [
  'Packing (PacGAN): let D judge several samples together, so a batch of near-duplicates is easy to reject.',
  'Add a minibatch standard deviation layer to D.',
  'Switch to WGAN-GP: unlike the JS divergence, the Wasserstein distance still gives G gradient towards modes it does not cover.',
  'Lower the learning rates; for data with classes, condition on the labels (CGAN).',
];

/** Mode collapse from the 2-D mode coverage, or else from the diversity of image snapshots. */
export function diagnoseModeCollapse(metrics: RunMetrics, facts: RunFacts, scale: RunScale): Alert | null {
  return facts.modeCount
    ? diagnoseModeCoverage(metrics, facts.modeCount)
    : diagnoseDiversity(metrics, scale, facts.totalSteps);
}

/**
 * 2-D runs, at each of the last 3 snapshots: either fewer modes than the best earlier snapshot at which
 * G had learned (≥ 50 % high quality) by at least the tolerance (modes dropped), or ≥ 50 % high quality
 * while at least the tolerance of modes is missing (G parked on a few modes). Critical at half the modes.
 */
function diagnoseModeCoverage(metrics: RunMetrics, modeCount: number): Alert | null {
  const rows = alignSeries([metrics.modes_captured, metrics.high_quality_pct]);
  if (!rows || rows.steps.length < SUSTAINED_SNAPSHOTS) return null;
  const [captured, quality] = rows.columns as [number[], number[]];
  const tolerance = missingTolerance(modeCount);
  const bestBefore: number[] = [];
  let best = 0;
  for (let i = 0; i < captured.length; i++) {
    bestBefore.push(best);
    if (quality[i]! >= LEARNED_QUALITY_PCT) best = Math.max(best, captured[i]!);
  }
  const dropped = (i: number): boolean => bestBefore[i]! - captured[i]! >= tolerance;
  const parked = (i: number): boolean =>
    quality[i]! >= LEARNED_QUALITY_PCT && modeCount - captured[i]! >= tolerance;
  const episode = currentEpisode(captured.length, (i) => dropped(i) || parked(i));
  if (!episode || episode.end - episode.start + 1 < SUSTAINED_SNAPSHOTS) return null;

  const last = episode.end;
  const sinceStep = rows.steps[episode.start]!;
  const peak =
    bestBefore[episode.start]! > captured[last]! ? ` (down from ${bestBefore[episode.start]})` : '';
  return {
    id: 'mode-collapse',
    severity: captured[last]! <= modeCount / 2 ? 'critical' : 'warning',
    title: 'Mode collapse',
    explanation: EXPLANATION,
    remedies: REMEDIES,
    sinceStep,
    evidence: `${captured[last]} of ${modeCount} modes captured${peak} at the last ${episode.end - episode.start + 1} snapshots since step ${sinceStep}, with ${formatValue(quality[last]!)} % of samples high-quality.`,
  };
}

/**
 * Image runs: diversity < 50 % of the real data's at each of the last 3 snapshots after the warm-up,
 * and not climbing back over them.
 */
function diagnoseDiversity(metrics: RunMetrics, scale: RunScale, totalSteps: number): Alert | null {
  const rows = alignSeries([metrics.diversity, metrics.diversity_real]);
  if (!rows) return null;
  const [generated, real] = rows.columns as [number[], number[]];
  const warmupEnd = Math.max(DIVERSITY_WARMUP_FRACTION * totalSteps, scale.earlySteps);
  const ratio = (i: number): number => (real[i]! > 0 ? generated[i]! / real[i]! : 1);
  const episode = currentEpisode(
    rows.steps.length,
    (i) => rows.steps[i]! >= warmupEnd && ratio(i) < DIVERSITY_COLLAPSED,
  );
  if (!episode || episode.end - episode.start + 1 < SUSTAINED_SNAPSHOTS) return null;
  // A G still learning to vary its output (diversity climbing from the untrained grey, measured on a
  // 16-px DCGAN: 14 %, 24 %, 33 %, 56 %, 80 % of the data's over its first snapshots) is not collapsing:
  // only low diversity that is not recovering is.
  if (generated[episode.end]! > DIVERSITY_RECOVERING * generated[episode.start]!) return null;

  const last = episode.end;
  const sinceStep = rows.steps[episode.start]!;
  return {
    id: 'mode-collapse',
    severity: ratio(last) < DIVERSITY_SEVERE ? 'critical' : 'warning',
    title: 'Mode collapse',
    explanation: EXPLANATION,
    remedies: REMEDIES,
    sinceStep,
    evidence: `Sample diversity is ${formatValue(generated[last]!)}, ${formatPercent(ratio(last))} of the real data’s ${formatValue(real[last]!)}, at the last ${episode.end - episode.start + 1} snapshots since step ${sinceStep}.`,
  };
}
