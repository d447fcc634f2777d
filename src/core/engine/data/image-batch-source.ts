import { StudioError } from '../../../shared/api/errors';
import { Rng, assertRngState, deriveSeed } from '../random/rng';
import {
  assertBatchSize,
  type Batch,
  type BatchSource,
  type BatchSourceState,
  type ImageBatchSourceState,
} from './batch-source';

/** The part of a packed dataset (or an in-memory one, like `shapes`) a batch source needs. */
export interface ImageDataset {
  readonly manifest: {
    readonly count: number;
    readonly height: number;
    readonly width: number;
    readonly channels: number;
    readonly classNames: readonly string[];
  };
  /** count × H × W × C bytes, row-major. */
  readonly images: Uint8Array;
  /** One class index per image, or null. */
  readonly labels: Uint32Array | null;
}

export interface ImageBatchSourceOptions {
  /** Seed of the data stream (e.g. deriveSeed(runSeed, 'data')); order and flips derive their own. */
  readonly seed: number;
  /** Mirror each sample left–right with probability 1/2. */
  readonly flip: boolean;
}

/** byte → byte/127.5 − 1, so 0 ↦ −1 and 255 ↦ 1 (the range of a tanh generator). */
const SCALE = Float32Array.from({ length: 256 }, (_, byte) => byte / 127.5 - 1);

class ImageBatchSource implements BatchSource {
  readonly kind = 'image';
  readonly sampleShape: readonly number[];
  readonly size: number;
  readonly numClasses: number;

  private readonly sampleBytes: number;
  private readonly rowBytes: number;
  private readonly labels: Uint32Array | null;
  private order: Uint32Array;
  private orderRng: Rng;
  private orderRngAtEpochStart: Rng;
  private flipRng: Rng;
  private epoch = 0;
  private position = 0;

  constructor(
    private readonly dataset: ImageDataset,
    private readonly options: ImageBatchSourceOptions,
  ) {
    const { count, height, width, channels, classNames } = dataset.manifest;
    if (count < 1) throw new StudioError('invalid_input', 'The dataset has no images to train on.');
    if (dataset.images.length !== count * height * width * channels) {
      throw new StudioError(
        'invalid_input',
        'The dataset images do not match its manifest; import it again.',
      );
    }
    if (dataset.labels !== null && dataset.labels.length !== count) {
      throw new StudioError('invalid_input', 'The dataset labels do not match its images; import it again.');
    }
    this.sampleShape = [height, width, channels];
    this.size = count;
    this.sampleBytes = height * width * channels;
    this.rowBytes = width * channels;
    // Labels only count with class names to index; an unlabelled source hands out labels: null.
    this.labels = classNames.length > 0 ? dataset.labels : null;
    this.numClasses = this.labels === null ? 0 : classNames.length;
    this.orderRng = new Rng(deriveSeed(options.seed, 'order'));
    this.orderRngAtEpochStart = this.orderRng.clone();
    this.flipRng = new Rng(deriveSeed(options.seed, 'flip'));
    this.order = this.shuffledOrder();
  }

  /** A fresh permutation of [0, size) from the order stream; each epoch shuffles the identity anew. */
  private shuffledOrder(): Uint32Array {
    const order = new Uint32Array(this.size);
    for (let i = 0; i < order.length; i++) order[i] = i;
    return this.orderRng.shuffleInPlace(order);
  }

  private startEpoch(): void {
    this.epoch += 1;
    this.position = 0;
    this.orderRngAtEpochStart = this.orderRng.clone();
    this.order = this.shuffledOrder();
  }

  /** Fills the batch in order, crossing into the next epoch (and its new permutation) when one ends. */
  nextBatch(batchSize: number): Batch {
    assertBatchSize(batchSize);
    const x = new Float32Array(batchSize * this.sampleBytes);
    const source = this.labels;
    const labels = source ? new Int32Array(batchSize) : null;
    for (let b = 0; b < batchSize; b++) {
      if (this.position === this.size) this.startEpoch();
      const index = this.order[this.position++]!;
      // The flip draw is taken for every sample, flipping or not, only when flips are on.
      const mirrored = this.options.flip && this.flipRng.uniform() < 0.5;
      this.copySample(index, x, b * this.sampleBytes, mirrored);
      if (labels && source) labels[b] = source[index]!;
    }
    return { x, labels };
  }

  /** Scales one HWC image into `out`; mirrored reads column W−1−w for output column w. */
  private copySample(index: number, out: Float32Array, offset: number, mirrored: boolean): void {
    const images = this.dataset.images;
    const source = index * this.sampleBytes;
    if (!mirrored) {
      for (let i = 0; i < this.sampleBytes; i++) out[offset + i] = SCALE[images[source + i]!]!;
      return;
    }
    const [height, width, channels] = this.sampleShape as [number, number, number];
    for (let h = 0; h < height; h++) {
      const row = h * this.rowBytes;
      for (let w = 0; w < width; w++) {
        const to = offset + row + w * channels;
        const from = source + row + (width - 1 - w) * channels;
        for (let c = 0; c < channels; c++) out[to + c] = SCALE[images[from + c]!]!;
      }
    }
  }

  getState(): ImageBatchSourceState {
    return {
      kind: 'image',
      version: 1,
      size: this.size,
      epoch: this.epoch,
      position: this.position,
      orderRngAtEpochStart: this.orderRngAtEpochStart.getState(),
      flipRng: this.flipRng.getState(),
    };
  }

  setState(state: BatchSourceState): void {
    if (state.kind !== 'image' || state.version !== 1) {
      throw new StudioError('invalid_input', 'The saved data position is not one of an image dataset.');
    }
    if (state.size !== this.size) {
      throw new StudioError(
        'invalid_input',
        `The saved data position is for a dataset of ${state.size} images, but this one has ${this.size}. ` +
          'Resume the run with the dataset it was started on.',
      );
    }
    const valid =
      Number.isSafeInteger(state.epoch) &&
      state.epoch >= 0 &&
      Number.isSafeInteger(state.position) &&
      state.position >= 0 &&
      state.position <= this.size;
    if (!valid) throw new StudioError('invalid_input', 'The saved data position is damaged.');
    assertRngState(state.orderRngAtEpochStart);
    assertRngState(state.flipRng);
    // Replaying the epoch's shuffle also leaves orderRng where the live source had it.
    this.orderRng = Rng.fromState(state.orderRngAtEpochStart);
    this.orderRngAtEpochStart = this.orderRng.clone();
    this.order = this.shuffledOrder();
    this.flipRng = Rng.fromState(state.flipRng);
    this.epoch = state.epoch;
    this.position = state.position;
  }
}

/**
 * Serves a dataset in epoch-wise shuffled order (a fresh permutation per epoch, from the seed), with
 * optional random horizontal flips, scaled to [−1, 1]. Its state continues the exact same batches.
 */
export function createImageBatchSource(dataset: ImageDataset, options: ImageBatchSourceOptions): BatchSource {
  return new ImageBatchSource(dataset, options);
}
