import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Objective } from '../../shared/engine/objective';
import { packForDiscriminator, packLabels } from './models';
import {
  discriminatorLoss,
  divergenceEstimate,
  generatorLoss,
  gradientPenalty,
  meanDiscriminatorOutput,
} from './objectives';

/**
 * One discriminator update and one generator update, as pure functions of the models, optimizers and
 * the batch. Every returned tensor is a scalar the caller reads back later, in batches (no synchronous
 * read per step), and disposes.
 */
export interface GanSetup {
  readonly generator: LayersModel;
  readonly discriminator: LayersModel;
  readonly optimizerG: tf.Optimizer;
  readonly optimizerD: tf.Optimizer;
  readonly objective: Objective;
  readonly labelSmoothing: number;
  readonly gradientPenalty: number;
  /** PacGAN packing: m samples judged jointly by D. */
  readonly packing: number;
}

export interface Batch {
  readonly real: tf.Tensor;
  readonly realLabels: tf.Tensor1D | null;
  readonly noise: tf.Tensor2D;
  readonly fakeLabels: tf.Tensor1D | null;
  /** U[0, 1] per packed sample, for WGAN-GP's interpolates. */
  readonly epsilon: tf.Tensor1D | null;
}

export interface DiscriminatorStepResult {
  readonly lossD: tf.Scalar;
  readonly dReal: tf.Scalar;
  readonly dFake: tf.Scalar;
  readonly divergence: { readonly name: 'js' | 'wasserstein'; readonly value: tf.Scalar } | null;
  readonly gradNormD: tf.Scalar;
}

export interface GeneratorStepResult {
  readonly lossG: tf.Scalar;
  readonly gradNormG: tf.Scalar;
}

function generate(setup: GanSetup, noise: tf.Tensor, labels: tf.Tensor | null, training: boolean): tf.Tensor {
  const inputs = labels ? [noise, labels] : noise;
  return setup.generator.apply(inputs, { training }) as tf.Tensor;
}

function judge(setup: GanSetup, samples: tf.Tensor, labels: tf.Tensor | null): tf.Tensor {
  const packed = packForDiscriminator(samples, setup.packing);
  const inputs = labels ? [packed, packLabels(labels, setup.packing)] : packed;
  return setup.discriminator.apply(inputs, { training: true }) as tf.Tensor;
}

/** ‖g‖₂ over all gradients of a network, as one number: the "gradient norm" the dashboard plots. */
function globalNorm(grads: tf.NamedTensorMap): tf.Scalar {
  return tf.tidy(() => tf.sqrt(tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))));
}

function trainableVariables(model: LayersModel): tf.Variable[] {
  return model.trainableWeights.map((w) => (w as unknown as { read(): tf.Variable }).read());
}

export function discriminatorStep(setup: GanSetup, batch: Batch): DiscriminatorStepResult {
  // G's output is a constant here: no gradient flows into G during D's update, so G's trainable weights
  // stay as they are. G runs in training mode all the same, so that D learns on the samples G really
  // produces in its own step (BatchNorm on batch statistics, as in DCGAN's reference code); BatchNorm
  // updates G's moving statistics as a side effect, which is harmless: only inference-mode sampling
  // reads them. Likewise a G step moves D's BatchNorm statistics and spectral-norm vectors, never its
  // trainable weights (train-steps.test.ts asserts both).
  const fake = tf.tidy(() => generate(setup, batch.noise, batch.fakeLabels, true));
  let realLogits: tf.Tensor | null = null;
  let fakeLogits: tf.Tensor | null = null;
  const variables = trainableVariables(setup.discriminator);
  const { value, grads } = tf.variableGrads(() => {
    const r = judge(setup, batch.real, batch.realLabels);
    const f = judge(setup, fake, batch.fakeLabels);
    realLogits = tf.keep(r);
    fakeLogits = tf.keep(f);
    let loss = discriminatorLoss(setup.objective, r, f, { labelSmoothing: setup.labelSmoothing });
    if (setup.objective === 'wgan-gp' && batch.epsilon) {
      const labels = batch.realLabels;
      const critic = (x: tf.Tensor): tf.Tensor => judge(setup, x, labels);
      loss = tf.add(loss, gradientPenalty(critic, batch.real, fake, batch.epsilon, setup.gradientPenalty));
    }
    return loss as tf.Scalar;
  }, variables);
  const gradNormD = globalNorm(grads);
  setup.optimizerD.applyGradients(grads);
  tf.dispose(Object.values(grads));
  fake.dispose();

  const r = realLogits as unknown as tf.Tensor;
  const f = fakeLogits as unknown as tf.Tensor;
  const result: DiscriminatorStepResult = {
    lossD: value,
    dReal: meanDiscriminatorOutput(setup.objective, r),
    dFake: meanDiscriminatorOutput(setup.objective, f),
    divergence: divergenceEstimate(setup.objective, r, f),
    gradNormD,
  };
  tf.dispose([r, f]);
  return result;
}

export function generatorStep(
  setup: GanSetup,
  noise: tf.Tensor2D,
  labels: tf.Tensor1D | null,
): GeneratorStepResult {
  const variables = trainableVariables(setup.generator);
  const { value, grads } = tf.variableGrads(() => {
    const fake = generate(setup, noise, labels, true);
    return generatorLoss(setup.objective, judge(setup, fake, labels));
  }, variables);
  const gradNormG = globalNorm(grads);
  setup.optimizerG.applyGradients(grads);
  tf.dispose(Object.values(grads));
  return { lossG: value, gradNormG };
}
