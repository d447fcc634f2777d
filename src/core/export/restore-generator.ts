import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { TrainingConfig } from '../../shared/engine/training-config';
import { readCheckpoint } from '../engine/io/checkpoint-files';
import { buildGenerator } from '../engine/models';
import { restoreModel } from '../engine/training-state';

export interface RestoredGenerator {
  readonly generator: LayersModel;
  /** True when the weights are the run's moving average of G, which its snapshots show. */
  readonly averaged: boolean;
}

/**
 * The generator of a checkpoint, built from the run's architecture and given the checkpoint's weights:
 * the averaged generator when the run keeps one (what its snapshots were drawn from), else G itself.
 */
export function restoreGenerator(
  config: TrainingConfig,
  configHash: string,
  checkpointFolder: string,
): RestoredGenerator {
  const state = readCheckpoint(checkpointFolder, configHash);
  const averaged = state.generatorEma.length > 0;
  // The initial weights are overwritten at once; the seed only has to be some seed.
  const generator = buildGenerator(config.architecture, { seed: config.seed });
  try {
    restoreModel(generator, averaged ? state.generatorEma : state.generator, 'generator');
  } catch (error) {
    generator.dispose();
    throw error;
  }
  return { generator, averaged };
}

/** Samples per forward pass: large enough to keep the backend busy, small enough for 128-px RGB. */
const GENERATE_CHUNK = 32;

/**
 * Runs G, in inference mode, on the noise vectors in `z` (and their labels) a chunk at a time, handing
 * each chunk's outputs (back to back, row-major) to `onChunk` with the index of its first sample.
 */
export async function forEachGenerated(
  generator: LayersModel,
  z: Float32Array,
  labels: Int32Array | null,
  latentSize: number,
  onChunk: (data: Float32Array, start: number, count: number) => Promise<void> | void,
): Promise<void> {
  const n = z.length / latentSize;
  for (let start = 0; start < n; start += GENERATE_CHUNK) {
    const count = Math.min(GENERATE_CHUNK, n - start);
    const out = tf.tidy(() => {
      const noise = tf.tensor2d(z.subarray(start * latentSize, (start + count) * latentSize), [
        count,
        latentSize,
      ]);
      const inputs = labels ? [noise, tf.tensor1d(labels.subarray(start, start + count), 'int32')] : noise;
      return generator.apply(inputs, { training: false }) as tf.Tensor;
    });
    const data = (await out.data()) as Float32Array;
    out.dispose();
    await onChunk(data, start, count);
  }
}
