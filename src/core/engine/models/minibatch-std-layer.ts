import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { onlyInput, onlyShape, type ConfigDict, type LayerArgs, type LayerInputs } from './layer-types';

/** Keeps √ finite (and its gradient bounded) when all samples agree. */
const EPSILON = 1e-8;

/**
 * Minibatch standard deviation (Karras et al. 2018, ProGAN): s = mean over features of
 * √(Var_batch(x) + ε), appended as one constant feature map ([N, H, W, C] → [N, H, W, C + 1]) or one
 * feature ([N, F] → [N, F + 1]). A collapsed generator yields batches with small s, which D can see.
 */
export class MinibatchStd extends tfl.layers.Layer {
  static readonly className = 'MinibatchStd';

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape {
    const shape = onlyShape(inputShape);
    const last = shape[shape.length - 1] ?? null;
    return [...shape.slice(0, -1), last === null ? null : last + 1];
  }

  override call(inputs: LayerInputs): tf.Tensor {
    return tf.tidy(() => {
      const x = onlyInput(inputs);
      const { variance } = tf.moments(x, 0);
      const s = tf.mean(tf.sqrt(tf.add(variance, EPSILON)));
      const feature = tf.mul(tf.ones([...x.shape.slice(0, -1), 1]), s);
      return tf.concat([x, feature], -1);
    });
  }

  override getConfig(): ConfigDict {
    return super.getConfig();
  }
}
tf.serialization.registerClass(MinibatchStd);
