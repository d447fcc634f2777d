import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed, Rng } from '../random';
import { createFeatureNet, type FeatureNet } from './feature-net';
import { kernelDistance, meanPairKernel, meanPairwiseDistance, type Neighbour } from './kernel-distance';

/**
 * Image metrics of a run's snapshots in the fixed feature space (feature-net.ts): the kernel distance
 * (KID's estimator) between the snapshot's samples and a fixed subset of the training images, the
 * diversity (mean pairwise feature distance) of both, and each sample's nearest training images — is
 * the generator copying its data?
 */
export interface ImageSet {
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** count × H × W × C bytes. */
  readonly images: Uint8Array;
}

export interface SnapshotQuality {
  readonly kernelDistance: number;
  readonly diversity: number;
  /** Per sample, its nearest training images (indices into the dataset), nearest first. */
  readonly nearest: Neighbour[][];
}

/** Training images the kernel distance and the real diversity are measured against. */
const REFERENCE_COUNT = 512;
/** Nearest training images kept per sample. */
const NEIGHBOURS = 4;
/** Images per feature pass. */
const CHUNK = 256;
/** Above this, neighbours are searched among an evenly spread subset (said in `searched`). */
const MAX_SEARCHED = 20_000;

export class ImageQualityProbe {
  /** Training images the nearest-image search covers (all of them up to MAX_SEARCHED). */
  readonly searched: number;
  /** Diversity of the reference subset of the training images. */
  readonly realDiversity: number;
  private readonly net: FeatureNet;
  /** The searched images' features, transposed (dim × N), for one matrix product per snapshot. */
  private readonly datasetFeaturesT: tf.Tensor2D;
  /** ‖f‖² of each searched image's features, as a 1 × N row. */
  private readonly datasetNorms: tf.Tensor2D;
  private readonly datasetIndices: Int32Array;
  private readonly referenceFeatures: Float32Array;
  /** The reference set's within-set kernel term, the same for every snapshot. */
  private readonly referencePairKernel: number;

  private constructor(net: FeatureNet, features: Float32Array, indices: Int32Array, reference: Float32Array) {
    this.net = net;
    const dim = net.dim;
    [this.datasetFeaturesT, this.datasetNorms] = tf.tidy(() => {
      const f = tf.tensor2d(features, [indices.length, dim]);
      return [tf.transpose(f), tf.reshape(tf.sum(tf.square(f), 1), [1, indices.length])];
    });
    this.datasetIndices = indices;
    this.searched = indices.length;
    this.referenceFeatures = reference;
    this.realDiversity = meanPairwiseDistance(reference, net.dim);
    this.referencePairKernel =
      reference.length >= 2 * net.dim ? meanPairKernel(reference, net.dim) : Number.NaN;
  }

  /** Embeds the training images (a pass of the feature network over up to 20,000 of them). */
  static async create(data: ImageSet, seed: number): Promise<ImageQualityProbe> {
    const net = createFeatureNet(data.channels);
    const step = Math.max(1, data.count / MAX_SEARCHED);
    const indices = Int32Array.from({ length: Math.min(data.count, MAX_SEARCHED) }, (_, i) =>
      Math.floor(i * step),
    );
    const size = data.height * data.width * data.channels;
    const features = new Float32Array(indices.length * net.dim);
    for (let start = 0; start < indices.length; start += CHUNK) {
      const chunk = indices.subarray(start, start + CHUNK);
      const pixels = new Float32Array(chunk.length * size);
      chunk.forEach((index, row) => {
        const image = data.images.subarray(index * size, (index + 1) * size);
        for (let k = 0; k < size; k++) pixels[row * size + k] = image[k]! / 127.5 - 1;
      });
      features.set(
        await embed(net, pixels, [chunk.length, data.height, data.width, data.channels]),
        start * net.dim,
      );
    }
    // The reference subset: a seeded draw, the same for every snapshot of a run.
    const rng = new Rng(deriveSeed(seed, 'quality-reference'));
    const order = Array.from(indices.keys());
    for (let i = order.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const picked = order.slice(0, Math.min(REFERENCE_COUNT, order.length));
    const reference = new Float32Array(picked.length * net.dim);
    picked.forEach((row, i) =>
      reference.set(features.subarray(row * net.dim, (row + 1) * net.dim), i * net.dim),
    );
    return new ImageQualityProbe(net, features, indices, reference);
  }

  /** samples: N×H×W×C in [−1, 1] (a snapshot's generator outputs). */
  async measure(samples: Float32Array, shape: readonly number[]): Promise<SnapshotQuality> {
    const [n = 0, h = 0, w = 0, c = 0] = shape;
    const features = await embed(this.net, samples, [n, h, w, c]);
    const dim = this.net.dim;
    const nearest = (await this.searchNearest(features, n)).map((row) =>
      row.map((neighbour) => ({
        index: this.datasetIndices[neighbour.index]!,
        distance: neighbour.distance,
      })),
    );
    return {
      kernelDistance:
        n >= 2 && this.referenceFeatures.length >= 2 * dim
          ? kernelDistance(features, this.referenceFeatures, dim, this.referencePairKernel)
          : Number.NaN,
      diversity: meanPairwiseDistance(features, dim),
      nearest,
    };
  }

  /**
   * The NEIGHBOURS nearest searched images per sample: ‖q − f‖² = ‖q‖² − 2·q·f + ‖f‖² for all pairs in
   * one matrix product on the backend (the plain-array `nearestRows` is its reference in the tests, and
   * is ~50× slower over 20,000 images).
   */
  private async searchNearest(features: Float32Array, n: number): Promise<Neighbour[][]> {
    const k = Math.min(NEIGHBOURS, this.searched);
    const { values, indices } = tf.tidy(() => {
      const q = tf.tensor2d(features, [n, this.net.dim]);
      const queryNorms = tf.sum(tf.square(q), 1, true);
      const squared = tf.add(
        tf.sub(queryNorms, tf.mul(2, tf.matMul(q, this.datasetFeaturesT))),
        this.datasetNorms,
      );
      return tf.topk(tf.neg(squared), k);
    });
    const [d2, at] = await Promise.all([values.data(), indices.data()]);
    tf.dispose([values, indices]);
    return Array.from({ length: n }, (_, i) =>
      Array.from({ length: k }, (_, j) => ({
        index: at[i * k + j]!,
        // Rounding can leave a tiny negative square for an exact copy.
        distance: Math.sqrt(Math.max(0, -d2[i * k + j]!)),
      })),
    );
  }

  dispose(): void {
    this.net.dispose();
    tf.dispose([this.datasetFeaturesT, this.datasetNorms]);
  }
}

async function embed(
  net: FeatureNet,
  pixels: Float32Array,
  shape: [number, number, number, number],
): Promise<Float32Array> {
  const input = tf.tensor4d(pixels, shape);
  const out = net.embed(input);
  input.dispose();
  const values = (await out.data()) as Float32Array;
  out.dispose();
  return values;
}
