import type { Objective } from '../engine/objective';

/**
 * One recorded metric of a run, in step order: `values[i]` was recorded at `steps[i]`, and null stands
 * for NaN or ±Inf (JSON has no such numbers). The API's `runs.metrics` series fit this shape.
 */
export interface MetricSeries {
  readonly steps: readonly number[];
  readonly values: readonly (number | null)[];
}

/**
 * The metric series of one run by name. The engine records, per step: `loss_d`, `loss_g`, `d_real`,
 * `d_fake` (mean D(x) and D(G(z)): probabilities for minimax and non-saturating, raw scores otherwise),
 * `grad_norm_d`, `grad_norm_g`, `js` (probability objectives) or `wasserstein` (WGAN-GP, hinge),
 * `images_per_second`; and per snapshot: `modes_captured`, `high_quality_pct` (0–100, 2-D runs) and, when
 * present, `diversity` and `diversity_real` (image runs). Missing series are fine: the alerts that need
 * them stay quiet. `Object.fromEntries(list.map((s) => [s.name, s]))` turns the API's list into this.
 */
export type RunMetrics = Readonly<Record<string, MetricSeries | undefined>>;

/** What the diagnosis needs to know about the run besides its metrics. */
export interface RunFacts {
  readonly objective: Objective;
  /** The planned number of steps: windows scale with it, so an alert does not flicker as points arrive. */
  readonly totalSteps: number;
  /** Modes of the 2-D dataset (8 for ring8, 25 for grid25); null or absent for image runs. */
  readonly modeCount?: number | null;
}

export const ALERT_IDS = [
  'non-finite',
  'discriminator-dominance',
  'mode-collapse',
  'oscillation',
  'divergence-not-decreasing',
  'learning-stalled',
] as const;
export type AlertId = (typeof ALERT_IDS)[number];

export type AlertSeverity = 'warning' | 'critical';

/** One thing going wrong in a run, said in terms of the theory, with what to do about it. */
export interface Alert {
  /** The kind of problem; stable across updates, so the UI can key and dismiss alerts by it. */
  readonly id: AlertId;
  readonly severity: AlertSeverity;
  /** A few words. */
  readonly title: string;
  /** One or two sentences: why this happens, in terms of the GAN game. */
  readonly explanation: string;
  /** Concrete changes to try, most effective first. */
  readonly remedies: readonly string[];
  /** The first step of the condition's current episode: where the UI links to. */
  readonly sinceStep: number;
  /** A short sentence with the numbers that triggered the alert. */
  readonly evidence: string;
}
