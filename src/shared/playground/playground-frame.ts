import { z } from 'zod';

/**
 * What the playground shows after a step: everything is computed by the engine in the playground's
 * process and sent as plain numbers, so the view only draws. Coordinates are data coordinates (the view
 * maps [−extent, extent]² onto its canvas).
 */
/** NaN travels as null (JSON has no NaN): a diverged network shows as missing values, not as zeros. */
const Metric = z.number().nullable();
const Numbers = z.array(Metric);

export const PlaygroundFrame = z.object({
  sessionId: z.string(),
  /** Generator updates so far (a play step is n_critic D updates and one G update). */
  gUpdates: z.number().int(),
  dUpdates: z.number().int(),
  /** Half the side of the square the view shows. */
  extent: z.number(),
  /** Points from the data distribution, x0, y0, x1, y1, … */
  real: Numbers,
  /** G's output for the session's fixed noise, x0, y0, … */
  fake: Numbers,
  /** D's output over a size×size grid of the view, row by row from the top (y = extent) down. */
  heatmap: z.object({
    size: z.number().int(),
    values: Numbers,
    /** `probability`: σ(logit) in [0, 1]; `score`: the raw output (LSGAN, critics), see min/max. */
    kind: z.enum(['probability', 'score']),
    min: z.number(),
    max: z.number(),
  }),
  /** G's image of a rows×cols grid over the first two noise dimensions (the others held at 0). */
  noiseGrid: z.object({ rows: z.number().int(), cols: z.number().int(), points: Numbers }),
  /** x, y, dx, dy per arrow: where G's own loss pushes some of its samples (−∂L_G/∂x, unscaled). */
  arrows: Numbers,
  metrics: z.object({
    lossD: Metric,
    lossG: Metric,
    dReal: Metric,
    dFake: Metric,
    /** The JS divergence estimate (probability objectives) or the Wasserstein estimate (critics). */
    divergence: z.object({ name: z.enum(['js', 'wasserstein']), value: Metric }).nullable(),
    gradNormD: Metric,
    gradNormG: Metric,
  }),
  coverage: z.object({
    modesCaptured: z.number().int(),
    modeCount: z.number().int(),
    highQualityPct: z.number(),
  }),
});
export type PlaygroundFrame = z.infer<typeof PlaygroundFrame>;

export const PLAYGROUND_STATES = ['paused', 'playing', 'ended', 'failed'] as const;
export const PlaygroundState = z.object({
  sessionId: z.string(),
  state: z.enum(PLAYGROUND_STATES),
  /** The backend the session computes on, once known. */
  backend: z.string().nullable(),
  /** Why it paused by itself (divergence) or failed. */
  reason: z.string().nullable(),
});
export type PlaygroundState = z.infer<typeof PlaygroundState>;

/** What the view can ask a running session to do. `ping` only keeps an idle session alive. */
export const PLAYGROUND_ACTIONS = ['play', 'pause', 'step', 'step-d', 'step-g', 'ping'] as const;
export type PlaygroundAction = (typeof PLAYGROUND_ACTIONS)[number];

/** Slow motion: play steps per second, or null for as fast as the machine goes. */
export const PlaygroundSpeed = z.number().min(0.1).max(1000).nullable();
