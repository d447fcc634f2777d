import type { RunFacts } from './types';

/**
 * The windows every check uses, in steps, scaled with the planned length of the run: what counts as
 * "sustained" in a 500-step toy run would be a blip in a 200,000-step image run. They are fixed by the
 * plan, not by the points recorded so far, so an alert does not flicker as a live run grows.
 */
export interface RunScale {
  /** Half-width of the centred moving average that removes minibatch noise (0.5 % of the run, 2–250). */
  readonly smoothingSteps: number;
  /** How long a condition must hold before it is reported (2 % of the run, 50–2,000). */
  readonly sustainSteps: number;
  /**
   * The opening stretch whose levels are the "early" references (5 % of the run, 20–5,000): long enough
   * to see G's gradients before D can take over, short enough that the minimax saturation, which sets in
   * within the first hundreds of steps, is measured against the level before it.
   */
  readonly earlySteps: number;
  /**
   * Half-width of the trend removed before counting swings (5 % of the run, at least four smoothing
   * widths, at most 5,000): swings with periods between the smoothing and twice this survive.
   */
  readonly trendSteps: number;
  /** How long G's loss and D(G(z)) must stand still to call learning stalled (10 % of the run, 100–10,000). */
  readonly stallSteps: number;
}

const clamp = (value: number, low: number, high: number): number => Math.min(high, Math.max(low, value));

export function scaleRun(facts: RunFacts, lastRecordedStep: number): RunScale {
  // A resumed or extended run may record past its original plan.
  const total = Math.max(facts.totalSteps, lastRecordedStep, 1);
  const smoothingSteps = clamp(0.005 * total, 2, 250);
  return {
    smoothingSteps,
    sustainSteps: clamp(0.02 * total, 50, 2000),
    earlySteps: clamp(0.05 * total, 20, 5000),
    trendSteps: clamp(0.05 * total, 4 * smoothingSteps, 5000),
    stallSteps: clamp(0.1 * total, 100, 10_000),
  };
}
