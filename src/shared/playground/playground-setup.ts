import { z } from 'zod';
import { TOY_DATASETS, type PointMixture } from '../datasets/toy-2d-sets';
import { createPreset, type ArchitectureSpec } from '../engine/architecture';
import { Objective, objectiveDefaults } from '../engine/objective';
import type { TrainingConfig } from '../engine/training-config';

/**
 * What the interactive playground trains: a small 2-D GAN a person sets up in a few clicks. It becomes
 * an ordinary TrainingConfig (`playgroundTrainingConfig`), so the playground runs on the studio's own
 * engine — the same models, objectives and update steps as a run — only driven step by step.
 */

/** The drawing plane: drawn points lie in [−DRAW_EXTENT, DRAW_EXTENT]². */
export const DRAW_EXTENT = 1.5;
export const MAX_DRAWN_POINTS = 400;

const Coordinate = z.number().finite().min(-DRAW_EXTENT).max(DRAW_EXTENT);

export const PlaygroundData = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('builtin'), name: z.enum(['ring8', 'grid25']) }).strict(),
  z
    .object({
      kind: z.literal('drawn'),
      /** Each drawn point is the centre of one Gaussian mode of the mixture. */
      points: z
        .array(z.tuple([Coordinate, Coordinate]))
        .min(1, 'draw at least one point on the plane')
        .max(MAX_DRAWN_POINTS, `draw at most ${MAX_DRAWN_POINTS} points`),
      sigma: z.number().min(0.005).max(0.5),
    })
    .strict(),
]);
export type PlaygroundData = z.infer<typeof PlaygroundData>;

const NetworkSize = z
  .object({
    /** Hidden layers. */
    depth: z.number().int().min(1).max(6),
    /** Units per hidden layer. */
    width: z.number().int().min(4).max(512),
  })
  .strict();

export const PlaygroundSetup = z
  .object({
    data: PlaygroundData,
    objective: Objective,
    generator: NetworkSize,
    discriminator: NetworkSize,
    /** Size of z. With 2 the noise grid the view draws is the whole latent plane. */
    latentSize: z.number().int().min(1).max(64),
    learningRateG: z.number().positive().max(0.1),
    learningRateD: z.number().positive().max(0.1),
    /** Discriminator updates per generator update (n_critic). */
    dStepsPerGStep: z.number().int().min(1).max(10),
    batchSize: z.number().int().min(8).max(1024),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1),
  })
  .strict();
export type PlaygroundSetup = z.infer<typeof PlaygroundSetup>;

/** A setup that trains ring8 visibly within a minute or two on a CPU. */
export function defaultPlaygroundSetup(objective: Objective = 'nonsaturating'): PlaygroundSetup {
  const wgan = objective === 'wgan-gp';
  return {
    data: { kind: 'builtin', name: 'ring8' },
    objective,
    // 64 units: tens of steps a second on one CPU core (wasm), and enough to fit ring8.
    generator: { depth: 3, width: 64 },
    discriminator: { depth: 3, width: 64 },
    latentSize: 2,
    learningRateG: wgan ? 1e-4 : 1e-3,
    learningRateD: wgan ? 1e-4 : 1e-3,
    dStepsPerGStep: objectiveDefaults(objective).nCritic,
    batchSize: 128,
    seed: 1,
  };
}

/** The mixture a setup's data are drawn from: a built-in set, or one mode per drawn point. */
export function playgroundMixture(data: PlaygroundData): PointMixture {
  if (data.kind === 'builtin') return TOY_DATASETS[data.name];
  return { name: 'drawn', modes: data.points, sigma: data.sigma };
}

/** The square the view shows, centred on 0: every mode with a margin. */
export function playgroundExtent(data: PlaygroundData): number {
  // A drawn set keeps the drawing plane's frame, so points stay where they were drawn.
  if (data.kind === 'drawn') return DRAW_EXTENT + 0.25;
  const mixture = playgroundMixture(data);
  const reach = Math.max(...mixture.modes.map(([x, y]) => Math.max(Math.abs(x), Math.abs(y))));
  return reach + Math.max(0.5, 0.25 * reach, 6 * mixture.sigma);
}

/** An MLP of the setup's sizes: dense + ReLU layers for G, dense + LeakyReLU for D, no packing. */
export function playgroundArchitecture(setup: PlaygroundSetup): ArchitectureSpec {
  const base = createPreset('mlp', { data: 'points', numClasses: 0, latentSize: setup.latentSize });
  const hidden = <B extends { type: string }>(
    blocks: readonly B[],
    size: { depth: number; width: number },
  ) => {
    const template = blocks.find((b) => b.type === 'dense')!;
    const output = blocks.find((b) => b.type === 'output')!;
    const layers = Array.from({ length: size.depth }, () => ({ ...template, units: size.width }));
    return [...layers, output];
  };
  return {
    ...base,
    generator: { ...base.generator, blocks: hidden(base.generator.blocks, setup.generator) },
    discriminator: {
      ...base.discriminator,
      packing: 1,
      blocks: hidden(base.discriminator.blocks, setup.discriminator),
    },
  };
}

/**
 * The setup as a run's config (never stored: the playground keeps no runs). Constant learning rates:
 * a playground has no end for a schedule to decay towards.
 */
export function playgroundTrainingConfig(setup: PlaygroundSetup): TrainingConfig {
  const defaults = objectiveDefaults(setup.objective);
  const adam = (learningRate: number) => ({
    learningRate,
    beta1: defaults.optimizerG.beta1,
    beta2: defaults.optimizerG.beta2,
  });
  const name = setup.data.kind === 'builtin' ? setup.data.name : 'drawn';
  return {
    configVersion: 1,
    dataset: { kind: 'builtin-points', id: name, name },
    architecture: playgroundArchitecture(setup),
    objective: setup.objective,
    gradientPenalty: defaults.gradientPenalty,
    nCritic: setup.dStepsPerGStep,
    optimizerG: adam(setup.learningRateG),
    optimizerD: adam(setup.learningRateD),
    labelSmoothing: 0,
    batchSize: setup.batchSize,
    steps: PLAYGROUND_ENDLESS,
    seed: setup.seed,
    sampleEvery: PLAYGROUND_ENDLESS,
    checkpointEvery: PLAYGROUND_ENDLESS,
    sampleCount: PLAYGROUND_SAMPLE_COUNT,
    flip: false,
    learningRateSchedule: 'constant',
    generatorEma: null,
    backend: 'auto',
  };
}

/** A playground steps until it is stopped: its config's step count is the largest a config allows. */
const PLAYGROUND_ENDLESS = 10_000_000;

/** Generated points per frame (mode coverage is measured on them). */
export const PLAYGROUND_SAMPLE_COUNT = 1000;
