import { createPreset, type ArchitectureSpec, type PresetName } from './architecture';
import { objectiveDefaults, type Objective } from './objective';
import type { DatasetSummary } from '../api/dto';
import type { BackendChoice, TrainingConfig } from './training-config';

/**
 * Ready-made starting points: a preset architecture, an objective and training settings that suit
 * them. A person picks one and edits from there; the CLI's `train` builds its config the same way.
 */
export const RECIPE_NAMES = ['dcgan', 'cdcgan', 'wgan-gp', 'lsgan', 'hinge', 'mlp'] as const;
export type RecipeName = (typeof RECIPE_NAMES)[number];

export const RECIPES: Readonly<
  Record<RecipeName, { readonly preset: PresetName; readonly objective: Objective; readonly title: string }>
> = {
  dcgan: { preset: 'dcgan', objective: 'nonsaturating', title: 'DCGAN (non-saturating)' },
  cdcgan: { preset: 'cdcgan', objective: 'nonsaturating', title: 'Conditional DCGAN' },
  'wgan-gp': { preset: 'dcgan', objective: 'wgan-gp', title: 'WGAN-GP' },
  lsgan: { preset: 'dcgan', objective: 'lsgan', title: 'LSGAN' },
  hinge: { preset: 'dcgan', objective: 'hinge', title: 'Hinge loss' },
  mlp: { preset: 'mlp', objective: 'nonsaturating', title: 'MLP (2-D data, small images)' },
};

/** What the builder needs to know about the data. */
export interface DatasetFacts {
  readonly kind: 'builtin-points' | 'packed';
  readonly id: string;
  readonly name: string;
  /** Images only. */
  readonly height?: number;
  readonly width?: number;
  readonly channels?: number;
  readonly numClasses: number;
}

/** The facts of an imported dataset (the CLI's --dataset and the UI's dataset choice). */
export function factsOfDataset(dataset: DatasetSummary): DatasetFacts {
  return {
    kind: 'packed',
    id: dataset.id,
    name: dataset.name,
    height: dataset.height,
    width: dataset.width,
    channels: dataset.channels,
    numClasses: dataset.classNames.length,
  };
}

/** The facts of a built-in 2-D set (ring8, grid25): no classes, nothing to import. */
export function factsOfPointSet(name: string): DatasetFacts {
  return { kind: 'builtin-points', id: name, name, numClasses: 0 };
}

export interface RecipeOptions {
  readonly preset?: PresetName;
  readonly objective?: Objective;
  readonly steps?: number;
  readonly batchSize?: number;
  readonly seed?: number;
  readonly backend?: BackendChoice;
  readonly sampleEvery?: number;
  readonly checkpointEvery?: number;
}

const CONV_SIDES = [16, 32, 64, 128] as const;

/**
 * A complete, valid config for a dataset. Throws an Error with a sentence a person can act on when the
 * data does not fit the preset (the host turns it into an `invalid_input` answer).
 */
export function buildTrainingConfig(dataset: DatasetFacts, options: RecipeOptions = {}): TrainingConfig {
  const points = dataset.kind === 'builtin-points';
  const tuning = points ? pointSetTuning(dataset) : null;
  const preset = options.preset ?? (points ? 'mlp' : dataset.numClasses > 1 ? 'cdcgan' : 'dcgan');
  const objective = options.objective ?? 'nonsaturating';
  if (points && preset !== 'mlp') {
    throw new Error(`${dataset.name} is 2-D point data: train it with the mlp preset.`);
  }
  const architecture = tuning
    ? // 256 hidden units per layer (the preset's own width): on ring8 over seeds 1–3 the final snapshot
      // of the raw generator had 34–58 % of samples within 3σ of a mode at 128 units and 46–72 % at 256
      // (45–67 % from the averaged generator), for about twice the time per step.
      // 2 noise dimensions, not the preset's 8: ring8 at 3,000 steps (packing 2), seeds 1–5, put 78–89 % of the
      // samples within 3σ (mean 83) against 43–85 % (mean 69) with 8, and 55–65 % with 4 (seeds 1–2).
      // The samples that miss lie on the folds between modes, and a plane folds onto the ring with less
      // mass on them than an 8-D space does.
      withPointSetTuning(
        createPreset('mlp', { data: 'points', numClasses: 0, baseWidth: 256, latentSize: 2 }),
        tuning,
      )
    : createPreset(preset, imagePresetOptions(dataset, preset));
  const defaults = objectiveDefaults(objective);
  // Small 2-D problems want a bigger step than DCGAN's 2e-4 to converge within a few thousand steps.
  const adam = points && objective !== 'wgan-gp' ? { learningRate: 1e-3, beta1: 0.5, beta2: 0.999 } : null;
  const steps = options.steps ?? tuning?.steps ?? 5000;

  return {
    configVersion: 1,
    dataset: { kind: dataset.kind, id: dataset.id, name: dataset.name },
    architecture,
    objective,
    gradientPenalty: defaults.gradientPenalty,
    nCritic: tuning && objective !== 'wgan-gp' ? tuning.nCritic : defaults.nCritic,
    optimizerG: adam ?? defaults.optimizerG,
    optimizerD: adam ?? defaults.optimizerD,
    labelSmoothing: 0,
    batchSize: options.batchSize ?? (points ? 128 : 64),
    steps,
    seed: options.seed ?? 1,
    sampleEvery: options.sampleEvery ?? Math.max(1, Math.round(steps / 20)),
    checkpointEvery: options.checkpointEvery ?? Math.max(1, Math.round(steps / 5)),
    sampleCount: points ? 2500 : 64,
    flip: !points,
    // 2-D modes are tiny (σ = 0.01 on ring8): the late small steps are what puts samples inside 3σ.
    learningRateSchedule: points ? 'linear-decay' : 'constant',
    // Averaging G's weights (time constant 1 / (1 − β) = 1,000 steps) makes the 2-D snapshots improve
    // steadily instead of oscillating from one to the next. Images keep it off for now: their generators
    // use BatchNorm, whose averaged running statistics need not match the averaged weights, and no image
    // measurement backs it yet.
    // Averaging G's weights (an option) steadies the snapshots but, measured on ring8 at 3,000 steps with
    // the learning rate decaying to 0, ends 1.5–11 points below the plain generator: off by default.
    generatorEma: null,
    backend: options.backend ?? 'auto',
  };
}

function imagePresetOptions(dataset: DatasetFacts, preset: PresetName) {
  const side = dataset.height ?? 0;
  const channels = dataset.channels ?? 3;
  if (dataset.width !== side || !(CONV_SIDES as readonly number[]).includes(side)) {
    throw new Error(
      `${dataset.name} holds ${dataset.width}×${dataset.height} images; the ${preset} preset needs square images of ${CONV_SIDES.join(', ')} px. Import it again at one of those sizes.`,
    );
  }
  if (channels !== 1 && channels !== 3) {
    throw new Error(
      `${dataset.name} has ${channels} channels; the presets train on grayscale (1) or RGB (3) images.`,
    );
  }
  const resolution = side as (typeof CONV_SIDES)[number];
  if (preset === 'mlp')
    return {
      data: 'image' as const,
      resolution,
      channels: channels as 1 | 3,
      numClasses: dataset.numClasses,
    };
  if (preset === 'cdcgan') {
    if (dataset.numClasses < 2) {
      throw new Error(
        `${dataset.name} has no classes; a conditional GAN needs labelled subfolders. Use the dcgan preset.`,
      );
    }
    return { resolution, channels: channels as 1 | 3, numClasses: dataset.numClasses };
  }
  return { resolution, channels: channels as 1 | 3 };
}

/** What differs between the built-in 2-D sets. */
interface PointSetTuning {
  /** PacGAN packing: D judges this many samples at once. */
  readonly packing: number;
  readonly nCritic: number;
  /** Spectral normalisation on D's dense layers (Miyato et al., 2018). */
  readonly spectralD: boolean;
  /** ProGAN's minibatch standard deviation as one more feature before D's output. */
  readonly minibatchStd: boolean;
  readonly steps: number;
}

/**
 * Each measured with 2 noise dimensions (bench/mode-coverage.mjs; the README's mode-coverage section
 * has the figures per seed):
 * - ring8, D judging pairs (PacGAN packing 2): at 6,000 steps seeds 1–5 keep all 8 modes with 93.0–93.6 %
 *   of the samples within 3σ; at 3,000 steps all 8 modes with 78–89 %. D judging single samples was
 *   sharper early (83–88 % at 3,000 steps) but lost a mode on 1 seed at 3,000 steps and on 2 seeds at
 *   6,000 (92–95 %): pairs are what keeps the last, thinly covered mode as D sharpens. A second D update
 *   per G update lowered seed 1 from 82 to 65 %; spectral normalisation on D found no mode at all
 *   (σ = 0.01 is too fine for a 1-Lipschitz D).
 * - grid25's 25 small modes need a sharper D, and something that keeps G on all of them while D
 *   sharpens. 3 D updates per G update (packing 2) took seed 1 from 3 % within 3σ to 24 %, but kept
 *   only 11–21 of the 25 modes over seeds 1–5; with more updates, or Fourier input features, D drove G
 *   onto 1–13 modes. Spectral normalisation on D kept 23–24 modes at 3,000 steps (seeds 1, 2), and
 *   every mode at 6,000 steps with 80 and 73 % within 3σ; adding the minibatch standard deviation took
 *   seed 1 to 86.6 %, still rising. At 8,000 steps seeds 1–5 keep all 25 modes with 86–93 % (batch
 *   256 did not help); at 12,000 steps all 25 with 93.7–95.9 %.
 */
function pointSetTuning(dataset: DatasetFacts): PointSetTuning {
  if (dataset.id === 'grid25') {
    return { packing: 2, nCritic: 3, spectralD: true, minibatchStd: true, steps: 12_000 };
  }
  if (dataset.id === 'ring8') {
    return { packing: 2, nCritic: 1, spectralD: false, minibatchStd: false, steps: 6000 };
  }
  return { packing: 2, nCritic: 1, spectralD: false, minibatchStd: false, steps: 3000 };
}

function withPointSetTuning(spec: ArchitectureSpec, tuning: PointSetTuning): ArchitectureSpec {
  const blocks = spec.discriminator.blocks.map((block) =>
    tuning.spectralD && block.type === 'dense' ? { ...block, norm: 'spectral' as const } : block,
  );
  return {
    ...spec,
    discriminator: {
      ...spec.discriminator,
      packing: tuning.packing,
      minibatchStd: tuning.minibatchStd,
      blocks,
    },
  };
}
