import type * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { AdamSettings, TrainingConfig } from '../../shared/engine/training-config';
import { ResumableAdam } from './adam';
import {
  createImageBatchSource,
  createToyBatchSource,
  isToyDatasetName,
  type BatchSource,
  type ImageDataset,
} from './data';
import { copyGeneratorWeights } from './generator-ema';
import { buildDiscriminator, buildGenerator } from './models';
import { deriveSeed, Rng } from './random';
import type { GanSetup } from './train-steps';
import type { StatefulParts } from './training-state';

/**
 * The one place that turns a config into what `train()` runs on: both networks, both optimizers, the
 * noise stream and the data source, each seeded from its own named stream of the run seed. The trainer
 * process and the engine tests build them here, so a resumed run gets exactly the parts it was
 * checkpointed from.
 */
export interface TrainingParts extends StatefulParts {
  readonly source: BatchSource;
  readonly setup: GanSetup;
  /** Frees the models' and optimizers' tensors (the source belongs to the caller). */
  dispose(): void;
}

/**
 * The run's data source: a built-in 2-D set by name, or the imported dataset the caller has read.
 * Throws an Error with a sentence a person can act on when the config and the data do not fit.
 */
export function createBatchSource(config: TrainingConfig, dataset: ImageDataset | null): BatchSource {
  const seed = deriveSeed(config.seed, 'data');
  if (config.dataset.kind === 'builtin-points') {
    if (!isToyDatasetName(config.dataset.name))
      throw new Error(`There is no built-in 2-D dataset "${config.dataset.name}".`);
    return createToyBatchSource(config.dataset.name, {
      seed,
      modeLabels: config.architecture.numClasses > 0,
    });
  }
  if (!dataset) throw new Error('The run names an imported dataset but no dataset was loaded.');
  return createImageBatchSource(dataset, { seed, flip: config.flip });
}

const adam = (s: AdamSettings): tf.Optimizer => new ResumableAdam(s.learningRate, s.beta1, s.beta2);

/** Fresh networks, optimizers and noise stream for `config`, training on `source`. */
export function createTrainingParts(config: TrainingConfig, source: BatchSource): TrainingParts {
  const arch = config.architecture;
  const generator = buildGenerator(arch, { seed: deriveSeed(config.seed, 'init-generator') });
  const discriminator = buildDiscriminator(arch, { seed: deriveSeed(config.seed, 'init-discriminator') });
  const optimizerG = adam(config.optimizerG);
  const optimizerD = adam(config.optimizerD);
  // The average starts from the generator's initial weights (the warm-up of β soon moves it on).
  let emaGenerator: LayersModel | null = null;
  if (config.generatorEma !== null) {
    emaGenerator = buildGenerator(arch, { seed: deriveSeed(config.seed, 'init-generator') });
    copyGeneratorWeights(generator, emaGenerator);
  }
  return {
    generator,
    discriminator,
    emaGenerator,
    optimizerG,
    optimizerD,
    noiseRng: new Rng(deriveSeed(config.seed, 'noise')),
    source,
    setup: {
      generator,
      discriminator,
      optimizerG,
      optimizerD,
      objective: config.objective,
      labelSmoothing: config.labelSmoothing,
      gradientPenalty: config.gradientPenalty,
      packing: arch.discriminator.packing,
    },
    dispose() {
      generator.dispose();
      discriminator.dispose();
      emaGenerator?.dispose();
      optimizerG.dispose();
      optimizerD.dispose();
    },
  };
}
