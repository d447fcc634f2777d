import { z } from 'zod';
import { BackendName } from '../api/dto';
import { ArchitectureSpec } from './architecture';
import { AdamSettings, Objective } from './objective';

export * from './objective';

/**
 * Everything a run needs besides its data, stored whole (JSON) and immutable once the run starts, so any
 * run can be reproduced, resumed or diffed against another.
 *
 * One training step = `nCritic` discriminator updates followed by one generator update.
 */
export const BackendChoice = z.union([z.literal('auto'), BackendName]);
export type BackendChoice = z.infer<typeof BackendChoice>;

export const DatasetRef = z
  .object({
    /** A built-in 2-D set by name (`ring8`, `grid25`) or an imported dataset by id. */
    kind: z.enum(['builtin-points', 'packed']),
    id: z.string().min(1),
    name: z.string().min(1),
  })
  .strict();
export type DatasetRef = z.infer<typeof DatasetRef>;

export const TrainingConfig = z
  .object({
    configVersion: z.literal(1),
    dataset: DatasetRef,
    architecture: ArchitectureSpec,
    objective: Objective,
    /** λ of WGAN-GP's gradient penalty λ·E[(‖∇D(x̂)‖₂ − 1)²]. */
    gradientPenalty: z.number().min(0).max(1000),
    /** Discriminator updates per generator update. */
    nCritic: z.number().int().min(1).max(20),
    optimizerG: AdamSettings,
    optimizerD: AdamSettings,
    /** One-sided label smoothing: real targets become 1 − s (probability objectives only). */
    labelSmoothing: z.number().min(0).max(0.3),
    batchSize: z.number().int().min(2).max(4096),
    steps: z.number().int().min(1).max(10_000_000),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
    /** Fixed-noise sample snapshot every N steps (and at the end). */
    sampleEvery: z.number().int().min(1),
    /** Checkpoint every M steps (and at the end, and on a graceful stop). */
    checkpointEvery: z.number().int().min(1),
    /** Samples in each snapshot (images are laid out as a square-ish grid). */
    sampleCount: z.number().int().min(1).max(4096),
    /** Random horizontal flips of training images. */
    flip: z.boolean(),
    /**
     * `constant`, or `linear-decay`: both learning rates stay constant for the first half of the run,
     * then fall linearly to zero at the last step — the late, small steps sharpen the samples.
     */
    learningRateSchedule: z.enum(['constant', 'linear-decay']),
    /**
     * β of an exponential moving average of the generator's weights (Yazıcı et al., 2019), or null for
     * none. After every generator update, ema ← β_t·ema + (1 − β_t)·w for every weight (trainable and
     * BatchNorm statistics), with the warm-up β_t = min(β, (1 + t)/(10 + t)) at the t-th update, so early
     * snapshots are not dominated by the random initial weights. Snapshots come from the averaged
     * generator. Configs stored before this field existed read as null.
     */
    generatorEma: z.number().gt(0).lt(1).nullable().default(null),
    backend: BackendChoice,
  })
  .strict()
  .superRefine((config, ctx) => {
    const packing = config.architecture.discriminator.packing;
    if (config.batchSize % packing !== 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['batchSize'],
        message: `the batch size must be a multiple of the discriminator's packing (${packing})`,
      });
    }
  });
export type TrainingConfig = z.infer<typeof TrainingConfig>;

/** The factor applied to both learning rates before step `step` (0-based) of `steps`. */
export function learningRateFactor(
  schedule: TrainingConfig['learningRateSchedule'],
  step: number,
  steps: number,
): number {
  if (schedule === 'constant') return 1;
  const half = steps / 2;
  return step < half ? 1 : Math.max(0, (steps - step) / (steps - half));
}
