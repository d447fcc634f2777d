import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { seededNormal } from './seeds';
import { onlyInput, onlyShape, type ConfigDict, type LayerArgs, type LayerInputs } from './layer-types';

export interface LabelEmbeddingArgs extends LayerArgs {
  numClasses: number;
  size: number;
  /** Standard deviation of the normal initialiser. */
  stddev: number;
  seed: number;
}

/**
 * Class index → learned vector, as `oneHot(y) · W` rather than a gather: the gather's gradient needs
 * the UnsortedSegmentSum kernel, which the wasm backend lacks; a matmul's does not. Takes labels of
 * shape [N] or [N, 1] (int32, or floats holding integers) and returns [N, size].
 */
export class LabelEmbedding extends tfl.layers.Layer {
  static readonly className = 'LabelEmbedding';
  private readonly numClasses: number;
  private readonly size: number;
  private readonly stddev: number;
  private readonly seed: number;
  private embeddings: tfl.LayerVariable | null = null;

  constructor(args: LabelEmbeddingArgs) {
    super(args);
    this.numClasses = args.numClasses;
    this.size = args.size;
    this.stddev = args.stddev;
    this.seed = args.seed;
  }

  override build(): void {
    const init = seededNormal(this.seed, this.stddev);
    this.embeddings = this.addWeight('embeddings', [this.numClasses, this.size], 'float32', init);
    this.built = true;
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    return [onlyShape(inputShape)[0] ?? null, this.size];
  }

  override call(inputs: LayerInputs): tf.Tensor {
    return tf.tidy(() => {
      if (!this.embeddings) throw new Error(`${this.name} was called before it was built`);
      const labels = tf.cast(tf.reshape(onlyInput(inputs), [-1]), 'int32');
      const oneHot = tf.cast(tf.oneHot(labels, this.numClasses), 'float32');
      return tf.matMul(oneHot, this.embeddings.read());
    });
  }

  override getConfig(): ConfigDict {
    const { numClasses, size, stddev, seed } = this;
    return { ...super.getConfig(), numClasses, size, stddev, seed };
  }
}
tf.serialization.registerClass(LabelEmbedding);
