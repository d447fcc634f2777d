import * as tf from '@tensorflow/tfjs-core';
import { deriveSeed, Rng } from '../random';
import { createFeatureNet, type FeatureNet } from './feature-net';
import { kernelDistance, meanPairwiseDistance, nearestRows, type Neighbour } from './kernel-distance';

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
  private readonly datasetFeatures: Float32Array;
  private readonly datasetIndices: Int32Array;
  private readonly referenceFeatures: Float32Array;

  private constructor(net: FeatureNet, features: Float32Array, indices: Int32Array, reference: Float32Array) {
    this.net = net;
    this.datasetFeatures = features;
    this.datasetIndices = indices;
    this.searched = indices.length;
    this.referenceFeatures = reference;
    this.realDiversity = meanPairwiseDistance(reference, net.dim);
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
    const nearest = nearestRows(features, this.datasetFeatures, dim, NEIGHBOURS).map((row) =>
      row.map((neighbour) => ({
        index: this.datasetIndices[neighbour.index]!,
        distance: neighbour.distance,
      })),
    );
    return {
      kernelDistance:
        n >= 2 && this.referenceFeatures.length >= 2 * dim
          ? kernelDistance(features, this.referenceFeatures, dim)
          : Number.NaN,
      diversity: meanPairwiseDistance(features, dim),
      nearest,
    };
  }

  dispose(): void {
    this.net.dispose();
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
