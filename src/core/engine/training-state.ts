import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Rng, RngState } from './random';

/**
 * Everything a run needs to continue exactly where it stopped: both networks' weights (trainable and
 * not: BatchNorm statistics, spectral-norm vectors), the averaged generator's weights when the run keeps
 * one, both optimizers' state (Adam moments and iteration
 * count), the step, and the state of every random stream and of the data order.
 */
export interface SavedTensor {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32';
  readonly data: Float32Array | Int32Array;
}

export interface TrainingState {
  readonly step: number;
  readonly generator: SavedTensor[];
  readonly discriminator: SavedTensor[];
  /** The averaged generator's weights in `generator` order; empty when the run keeps no average. */
  readonly generatorEma: SavedTensor[];
  readonly optimizerG: SavedTensor[];
  readonly optimizerD: SavedTensor[];
  readonly noiseRng: RngState;
  /** Opaque, JSON-safe: the batch source's own state (order, epoch, position, its RNG). */
  readonly source: unknown;
}

export interface StatefulParts {
  readonly generator: LayersModel;
  readonly discriminator: LayersModel;
  /** The generator whose weights average the generator's (`config.generatorEma`), or null. */
  readonly emaGenerator: LayersModel | null;
  readonly optimizerG: tf.Optimizer;
  readonly optimizerD: tf.Optimizer;
  readonly noiseRng: Rng;
  readonly source: { getState(): unknown; setState(state: never): void };
}

async function save(name: string, tensor: tf.Tensor): Promise<SavedTensor> {
  const dtype = tensor.dtype === 'int32' ? 'int32' : 'float32';
  const values = await tensor.data();
  const data = dtype === 'int32' ? Int32Array.from(values) : Float32Array.from(values);
  return { name, shape: tensor.shape.slice(), dtype, data };
}

async function saveModel(model: LayersModel): Promise<SavedTensor[]> {
  // getWeights() includes non-trainable weights, in a stable order for a given architecture; it returns
  // the variables themselves, so nothing here needs disposing.
  const values = model.getWeights();
  return Promise.all(model.weights.map((w, i) => save(w.originalName, values[i] as tf.Tensor)));
}

async function saveOptimizer(optimizer: tf.Optimizer): Promise<SavedTensor[]> {
  const named = await optimizer.getWeights();
  const saved = await Promise.all(named.map((n) => save(n.name, n.tensor)));
  // The moments are the optimizer's own variables, but the iteration count comes as a new scalar made
  // for the caller ('iter'): without this, every checkpoint leaked one tensor per optimizer.
  tf.dispose(named.map((n) => n.tensor).filter((t) => !(t instanceof tf.Variable)));
  return saved;
}

export async function captureTrainingState(step: number, parts: StatefulParts): Promise<TrainingState> {
  const [generator, discriminator, generatorEma, optimizerG, optimizerD] = await Promise.all([
    saveModel(parts.generator),
    saveModel(parts.discriminator),
    parts.emaGenerator ? saveModel(parts.emaGenerator) : Promise.resolve([]),
    saveOptimizer(parts.optimizerG),
    saveOptimizer(parts.optimizerD),
  ]);
  return {
    step,
    generator,
    discriminator,
    generatorEma,
    optimizerG,
    optimizerD,
    noiseRng: parts.noiseRng.getState(),
    source: parts.source.getState(),
  };
}

function toTensor(saved: SavedTensor): tf.Tensor {
  return tf.tensor(saved.data, saved.shape, saved.dtype);
}

/** Sets every weight of `model` (trainable and not) from a checkpoint's tensors, in `model.weights` order. */
export function restoreModel(model: LayersModel, saved: readonly SavedTensor[], which: string): void {
  const expected = model.weights.length;
  if (saved.length !== expected) {
    throw new Error(`the checkpoint holds ${saved.length} ${which} weights, the model has ${expected}`);
  }
  const tensors = saved.map(toTensor);
  model.setWeights(tensors);
  tf.dispose(tensors);
}

async function restoreOptimizer(optimizer: tf.Optimizer, saved: readonly SavedTensor[]): Promise<void> {
  const named = saved.map((s) => ({ name: s.name, tensor: toTensor(s) }));
  // setWeights wraps each tensor in a new variable that holds its own reference to the data.
  await optimizer.setWeights(named);
  tf.dispose(named.map((n) => n.tensor));
}

export async function restoreTrainingState(state: TrainingState, parts: StatefulParts): Promise<void> {
  restoreModel(parts.generator, state.generator, 'generator');
  restoreModel(parts.discriminator, state.discriminator, 'discriminator');
  if (parts.emaGenerator) restoreModel(parts.emaGenerator, state.generatorEma, 'averaged generator');
  else if (state.generatorEma.length > 0) {
    throw new Error('the checkpoint holds an averaged generator, the run keeps none');
  }
  await restoreOptimizer(parts.optimizerG, state.optimizerG);
  await restoreOptimizer(parts.optimizerD, state.optimizerD);
  parts.noiseRng.setState(state.noiseRng);
  parts.source.setState(state.source as never);
}
