import * as tf from '@tensorflow/tfjs-core';

/** Read a loss back (the only synchronisation) at least this often, as train() reads its metrics. */
const MARK_INTERVAL_MS = 250;

/**
 * The floor the studio's loop is compared with: the same models (the studio's buildGenerator and
 * buildDiscriminator), plain tf.variableGrads and tfjs's own Adam, one fixed real batch, fresh noise on
 * the device, and nothing else — no metrics, no gradient norms, no callbacks, no data pipeline.
 * One step, as in train() with the non-saturating objective and n_critic = 1:
 *   D: L_D = mean softplus(−D(x)) + mean softplus(D(G(z₁)))   (BCE with logits, real 1 / fake 0)
 *   G: L_G = mean softplus(−D(G(z₂)))
 */
export async function runMinimalLoop({ bundle, config, network, warmup, emit }) {
  const { buildGenerator, buildDiscriminator, packForDiscriminator } = bundle.models;
  const spec = config.architecture;
  const generator = buildGenerator(spec, { seed: 1 });
  const discriminator = buildDiscriminator(spec, { seed: 2 });
  const adam = ({ learningRate, beta1, beta2 }) => tf.train.adam(learningRate, beta1, beta2);
  const optimizerG = adam(config.optimizerG);
  const optimizerD = adam(config.optimizerD);
  const variablesOf = (model) => model.trainableWeights.map((w) => w.read());
  const gVariables = variablesOf(generator);
  const dVariables = variablesOf(discriminator);

  const n = config.batchSize;
  const packing = spec.discriminator.packing;
  const sampleShape = network.image ? [network.image.side, network.image.side, network.image.channels] : [2];
  const real = tf.randomUniform([n, ...sampleShape], -1, 1);
  const noise = () => tf.randomNormal([n, spec.latentSize]);
  const generate = () => generator.apply(noise(), { training: true });
  const judge = (x) => discriminator.apply(packForDiscriminator(x, packing), { training: true });

  const step = () =>
    tf.tidy(() => {
      const fake = generate();
      const d = tf.variableGrads(
        () => tf.add(tf.mean(tf.softplus(tf.neg(judge(real)))), tf.mean(tf.softplus(judge(fake)))),
        dVariables,
      );
      optimizerD.applyGradients(d.grads);
      const g = tf.variableGrads(() => tf.mean(tf.softplus(tf.neg(judge(generate())))), gVariables);
      optimizerG.applyGradients(g.grads);
      return g.value;
    });

  const total = config.steps;
  emit({ type: 'start', t: performance.now(), tensors: tf.memory().numTensors });
  let loss = null;
  let lastMark = performance.now();
  for (let s = 1; s <= total; s++) {
    loss?.dispose();
    loss = step();
    if (s === warmup || s === total || performance.now() - lastMark >= MARK_INTERVAL_MS) {
      await loss.data();
      lastMark = performance.now();
      emit({ type: 'progress', step: s, t: lastMark, tensors: tf.memory().numTensors });
    }
  }
  loss?.dispose();
  emit({ type: 'done', outcome: 'completed' });
  tf.dispose([real]);
  generator.dispose();
  discriminator.dispose();
  optimizerG.dispose();
  optimizerD.dispose();
}
