import * as tf from '@tensorflow/tfjs-core';
import { PROBABILITY_OBJECTIVES, type Objective } from '../../shared/engine/objective';
import { registerSecondOrderGradients } from './second-order-gradients';

/**
 * The five GAN objectives on raw discriminator outputs (logits for the probability objectives, scores
 * otherwise). r = D(x) on real data, f = D(G(z)) on generated data, σ = sigmoid,
 * softplus(a) = log(1 + eᵃ), so −log σ(a) = softplus(−a) and −log(1 − σ(a)) = softplus(a).
 * Each function returns a scalar to minimise.
 */

export interface DiscriminatorLossOptions {
  /** One-sided label smoothing: the real target becomes 1 − s (probability objectives only). */
  readonly labelSmoothing?: number;
}

/**
 * Binary cross-entropy with logits for target y: y·softplus(−a) + (1 − y)·softplus(a).
 * This is why the discriminator's loss "is" cross-entropy: maximising V(D, G) over D is minimising
 * BCE with real labelled 1 and fake labelled 0.
 */
function bceWithLogits(logits: tf.Tensor, target: number): tf.Scalar {
  const positive = tf.mul(target, tf.softplus(tf.neg(logits)));
  const negative = tf.mul(1 - target, tf.softplus(logits));
  return tf.mean(tf.add(positive, negative));
}

export function discriminatorLoss(
  objective: Objective,
  real: tf.Tensor,
  fake: tf.Tensor,
  options: DiscriminatorLossOptions = {},
): tf.Scalar {
  return tf.tidy(() => {
    switch (objective) {
      case 'minimax':
      case 'nonsaturating':
        // L_D = −E[log D(x)] − E[log(1 − D(G(z)))] = BCE(r, 1 − s) + BCE(f, 0)
        return tf.add(bceWithLogits(real, 1 - (options.labelSmoothing ?? 0)), bceWithLogits(fake, 0));
      case 'lsgan':
        // L_D = ½E[(D(x) − 1)²] + ½E[D(G(z))²]   (Mao et al., targets a = 0, b = 1)
        return tf.mul(0.5, tf.add(tf.mean(tf.square(tf.sub(real, 1))), tf.mean(tf.square(fake))));
      case 'wgan-gp':
        // L_D = E[D(G(z))] − E[D(x)]   (+ λ·gradient penalty, added by the training step)
        return tf.sub(tf.mean(fake), tf.mean(real));
      case 'hinge':
        // L_D = E[max(0, 1 − D(x))] + E[max(0, 1 + D(G(z)))]
        return tf.add(tf.mean(tf.relu(tf.sub(1, real))), tf.mean(tf.relu(tf.add(1, fake))));
    }
  });
}

export function generatorLoss(objective: Objective, fake: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    switch (objective) {
      case 'minimax':
        // Saturating: G minimises E[log(1 − D(G(z)))] = −E[softplus(f)]. Its gradient vanishes when D
        // confidently rejects fakes (σ(f) → 0), which is exactly when G most needs to learn.
        return tf.neg(tf.mean(tf.softplus(fake)));
      case 'nonsaturating':
        // G minimises −E[log D(G(z))] = E[softplus(−f)]
        return tf.mean(tf.softplus(tf.neg(fake)));
      case 'lsgan':
        // L_G = ½E[(D(G(z)) − 1)²]   (c = 1)
        return tf.mul(0.5, tf.mean(tf.square(tf.sub(fake, 1))));
      case 'wgan-gp':
      case 'hinge':
        // L_G = −E[D(G(z))]
        return tf.neg(tf.mean(fake));
    }
  });
}

/**
 * WGAN-GP's penalty λ·E[(‖∇ₓ̂ D(x̂)‖₂ − 1)²] at x̂ = ε·x + (1 − ε)·x̃, ε ~ U[0, 1] per sample
 * (Gulrajani et al., 2017). `critic` maps a batch to scores; the norm is taken per sample over all
 * of its features. Differentiable w.r.t. the critic's weights (a gradient of a gradient).
 *
 * With PacGAN packing the critic's input points are packs of m consecutive samples, so `epsilon` holds
 * one ε per pack (N/m values): every sample of a pack is interpolated with the same ε — the pack is
 * interpolated as one point of D's input space — and the norm is taken over the whole pack.
 */
export function gradientPenalty(
  critic: (x: tf.Tensor) => tf.Tensor,
  real: tf.Tensor,
  fake: tf.Tensor,
  epsilon: tf.Tensor,
  lambda: number,
): tf.Scalar {
  registerSecondOrderGradients();
  return tf.tidy(() => {
    const n = real.shape[0] ?? 1;
    const packs = epsilon.size;
    const m = n / packs;
    if (!Number.isInteger(m)) throw new RangeError(`${packs} values of ε cannot cover a batch of ${n}`);
    const perSampleEps = tf.reshape(tf.tile(tf.reshape(epsilon, [packs, 1]), [1, m]), [n]);
    const eps = tf.reshape(perSampleEps, [n, ...real.shape.slice(1).map(() => 1)]);
    const interpolated = tf.add(tf.mul(eps, real), tf.mul(tf.sub(1, eps), fake));
    const gradient = tf.grad((x: tf.Tensor) => tf.sum(critic(x)))(interpolated);
    const perPack = tf.reshape(gradient, [packs, -1]);
    // A tiny epsilon keeps the norm differentiable at 0.
    const norms = tf.sqrt(tf.add(tf.sum(tf.square(perPack), 1), 1e-12));
    return tf.mul(lambda, tf.mean(tf.square(tf.sub(norms, 1))));
  });
}

/** What a probability objective's D says, as a probability; critics report raw scores. */
export function meanDiscriminatorOutput(objective: Objective, logits: tf.Tensor): tf.Scalar {
  return tf.tidy(() =>
    PROBABILITY_OBJECTIVES.includes(objective) ? tf.mean(tf.sigmoid(logits)) : tf.mean(logits),
  );
}

/**
 * The divergence the current D lets us estimate:
 * - probability objectives: JS ≈ (V + log 4) / 2 with V = E[log D(x)] + E[log(1 − D(G(z)))]
 *   (at the optimal D, V = −log 4 + 2·JS(p_data‖p_g); for a non-optimal D it is a lower bound);
 * - WGAN-GP and hinge: the Wasserstein estimate E[D(x)] − E[D(G(z))];
 * - LSGAN: null (with targets 0/1/1 its value is no standard divergence).
 */
export function divergenceEstimate(
  objective: Objective,
  real: tf.Tensor,
  fake: tf.Tensor,
): { name: 'js' | 'wasserstein'; value: tf.Scalar } | null {
  if (objective === 'lsgan') return null;
  if (objective === 'wgan-gp' || objective === 'hinge') {
    return { name: 'wasserstein', value: tf.tidy(() => tf.sub(tf.mean(real), tf.mean(fake)) as tf.Scalar) };
  }
  const value = tf.tidy(() => {
    const v = tf.add(tf.neg(tf.mean(tf.softplus(tf.neg(real)))), tf.neg(tf.mean(tf.softplus(fake))));
    return tf.div(tf.add(v, Math.log(4)), 2) as tf.Scalar;
  });
  return { name: 'js', value };
}
