import type { RngState } from '../random/rng';

/**
 * One batch as plain typed arrays: the loop turns them into tensors. Keeping tfjs out of the data side
 * makes it testable without a backend and lets the next batch be assembled while a step runs.
 */
export interface Batch {
  /** batchSize × sampleShape values, row-major; images are scaled to [−1, 1]. */
  readonly x: Float32Array;
  /** One class index per sample, or null when the source has no classes. */
  readonly labels: Int32Array | null;
}

/** Where a source stands, as plain JSON, saved in checkpoints so a resumed run sees the same batches. */
export type BatchSourceState = ImageBatchSourceState | PointsBatchSourceState;

export interface ImageBatchSourceState {
  readonly kind: 'image';
  readonly version: 1;
  /** Number of images; a state only fits the dataset it came from. */
  readonly size: number;
  /** Completed passes over the data before the current one. */
  readonly epoch: number;
  /** Samples of the current epoch already handed out, 0 ≤ position ≤ size. */
  readonly position: number;
  /**
   * The order stream before it shuffled the current epoch: replaying the shuffle of [0, size) from it
   * rebuilds the permutation, so the state stays small however big the dataset.
   */
  readonly orderRngAtEpochStart: RngState;
  /** The flip stream, as it is now. */
  readonly flipRng: RngState;
}

export interface PointsBatchSourceState {
  readonly kind: 'points';
  readonly version: 1;
  readonly dataset: string;
  readonly rng: RngState;
}

export interface BatchSource {
  readonly kind: 'image' | 'points';
  /** Shape of one sample: [H, W, C] for images, [2] for points. */
  readonly sampleShape: readonly number[];
  /** Number of distinct samples; Infinity for sources that draw fresh samples each time (toy 2-D). */
  readonly size: number;
  /** Classes behind the labels; 0 when batches carry no labels. */
  readonly numClasses: number;
  nextBatch(batchSize: number): Batch;
  getState(): BatchSourceState;
  setState(state: BatchSourceState): void;
}

/** Values per sample: the product of sampleShape. */
export function sampleLength(source: Pick<BatchSource, 'sampleShape'>): number {
  return source.sampleShape.reduce((product, n) => product * n, 1);
}

export function assertBatchSize(batchSize: number): void {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`The batch size must be a positive whole number, got ${String(batchSize)}.`);
  }
}
