import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import * as tf from '@tensorflow/tfjs-core';
import { packForDiscriminator } from './models';
import { beforeAll, describe, expect, it } from 'vitest';
import { OBJECTIVES } from '../../shared/engine/objective';
import {
  discriminatorLoss,
  divergenceEstimate,
  generatorLoss,
  gradientPenalty,
  meanDiscriminatorOutput,
} from './objectives';

/** Fixed logits, and the values each formula gives for them, computed by hand below. */
const R = [2, -1];
const F = [-3, 0.5];
const softplus = (a: number): number => Math.log1p(Math.exp(a));
const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

const value = async (t: tf.Tensor): Promise<number> => {
  const [v] = await t.data();
  t.dispose();
  return v ?? Number.NaN;
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('objectives equal their formulas on fixed tensors', () => {
  const real = (): tf.Tensor => tf.tensor2d(R, [2, 1]);
  const fake = (): tf.Tensor => tf.tensor2d(F, [2, 1]);

  it('minimax and non-saturating D: binary cross-entropy, real → 1, fake → 0', async () => {
    const expected = mean(R.map((r) => softplus(-r))) + mean(F.map((f) => softplus(f)));
    expect(await value(discriminatorLoss('minimax', real(), fake()))).toBeCloseTo(expected, 6);
    expect(await value(discriminatorLoss('nonsaturating', real(), fake()))).toBeCloseTo(expected, 6);
  });

  it('one-sided label smoothing changes only the real target', async () => {
    const s = 0.1;
    const bce = (a: number, y: number): number => y * softplus(-a) + (1 - y) * softplus(a);
    const expected = mean(R.map((r) => bce(r, 1 - s))) + mean(F.map((f) => bce(f, 0)));
    const loss = discriminatorLoss('nonsaturating', real(), fake(), { labelSmoothing: s });
    expect(await value(loss)).toBeCloseTo(expected, 6);
  });

  it('minimax G saturates, non-saturating G does not', async () => {
    expect(await value(generatorLoss('minimax', fake()))).toBeCloseTo(-mean(F.map(softplus)), 6);
    expect(await value(generatorLoss('nonsaturating', fake()))).toBeCloseTo(
      mean(F.map((f) => softplus(-f))),
      6,
    );
    // At a confidently rejected fake (f = −8) the minimax gradient is ~σ(f) ≈ 3e-4, the other ~1.
    const grad = (objective: 'minimax' | 'nonsaturating'): Promise<number> =>
      value(tf.grad((f: tf.Tensor) => generatorLoss(objective, f))(tf.tensor1d([-8])));
    expect(Math.abs(await grad('minimax'))).toBeLessThan(1e-3);
    expect(Math.abs(await grad('nonsaturating'))).toBeGreaterThan(0.99);
  });

  it('LSGAN', async () => {
    const d = 0.5 * mean(R.map((r) => (r - 1) ** 2)) + 0.5 * mean(F.map((f) => f ** 2));
    expect(await value(discriminatorLoss('lsgan', real(), fake()))).toBeCloseTo(d, 6);
    expect(await value(generatorLoss('lsgan', fake()))).toBeCloseTo(
      0.5 * mean(F.map((f) => (f - 1) ** 2)),
      6,
    );
  });

  it('WGAN and hinge', async () => {
    expect(await value(discriminatorLoss('wgan-gp', real(), fake()))).toBeCloseTo(mean(F) - mean(R), 6);
    const hinge = mean(R.map((r) => Math.max(0, 1 - r))) + mean(F.map((f) => Math.max(0, 1 + f)));
    expect(await value(discriminatorLoss('hinge', real(), fake()))).toBeCloseTo(hinge, 6);
    expect(await value(generatorLoss('wgan-gp', fake()))).toBeCloseTo(-mean(F), 6);
    expect(await value(generatorLoss('hinge', fake()))).toBeCloseTo(-mean(F), 6);
  });

  it('reports probabilities for probability objectives and raw scores otherwise', async () => {
    const sigmoid = (a: number): number => 1 / (1 + Math.exp(-a));
    expect(await value(meanDiscriminatorOutput('nonsaturating', real()))).toBeCloseTo(
      mean(R.map(sigmoid)),
      6,
    );
    expect(await value(meanDiscriminatorOutput('hinge', real()))).toBeCloseTo(mean(R), 6);
  });

  it('estimates JS as (V + log 4)/2 and Wasserstein as E[D(x)] − E[D(G(z))]', async () => {
    const v = -mean(R.map((r) => softplus(-r))) - mean(F.map(softplus));
    const js = divergenceEstimate('minimax', real(), fake());
    expect(js?.name).toBe('js');
    expect(await value(js!.value)).toBeCloseTo((v + Math.log(4)) / 2, 6);
    const w = divergenceEstimate('wgan-gp', real(), fake());
    expect(w?.name).toBe('wasserstein');
    expect(await value(w!.value)).toBeCloseTo(mean(R) - mean(F), 6);
    expect(divergenceEstimate('lsgan', real(), fake())).toBeNull();
  });

  it('the JS estimate is 0 when D cannot tell (D = ½ everywhere) and log 2 at a perfect D', async () => {
    const atHalf = divergenceEstimate('minimax', tf.zeros([4, 1]), tf.zeros([4, 1]));
    expect(await value(atHalf!.value)).toBeCloseTo(0, 6);
    const perfect = divergenceEstimate('minimax', tf.fill([4, 1], 40), tf.fill([4, 1], -40));
    expect(await value(perfect!.value)).toBeCloseTo(Math.log(2), 6);
  });

  it('every objective has a D and a G loss', () => {
    for (const objective of OBJECTIVES) {
      const d = discriminatorLoss(objective, tf.tensor2d(R, [2, 1]), tf.tensor2d(F, [2, 1]));
      const g = generatorLoss(objective, tf.tensor2d(F, [2, 1]));
      expect(d.rank + g.rank).toBe(0);
      tf.dispose([d, g]);
    }
  });
});

describe('gradient penalty', () => {
  it('equals λ·mean((‖w‖ − 1)²) for a linear critic D(x) = x·w, whose input gradient is w', async () => {
    const w = tf.tensor2d([3, 4], [2, 1]); // ‖w‖ = 5 → (5 − 1)² = 16
    const critic = (x: tf.Tensor): tf.Tensor => tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D);
    const gp = gradientPenalty(critic, tf.ones([3, 2]), tf.zeros([3, 2]), tf.tensor1d([0.1, 0.5, 0.9]), 10);
    expect(await value(gp)).toBeCloseTo(160, 3);
  });

  it('with packing, interpolates each pack with one ε and takes the norm over the whole pack', async () => {
    // A critic of packs of 2 points: D(pack) = [x₁ y₁ x₂ y₂]·w. Penalising through packing must equal
    // penalising the packed tensors directly with one ε per pack.
    const w = tf.tensor2d([1, 2, 2, 4], [4, 1]); // ‖w‖ = 5
    const packed = (x: tf.Tensor): tf.Tensor =>
      tf.matMul(packForDiscriminator(x, 2) as tf.Tensor2D, w as tf.Tensor2D);
    const direct = (x: tf.Tensor): tf.Tensor => tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D);
    const real = tf.tensor2d([1, 2, 3, 4, 5, 6, 7, 8], [4, 2]);
    const fake = tf.tensor2d([0, 1, 0, 1, 2, 2, 1, 0], [4, 2]);
    const eps = tf.tensor1d([0.25, 0.75]);
    const throughPacking = await value(gradientPenalty(packed, real, fake, eps, 10));
    const onPacks = await value(
      gradientPenalty(direct, packForDiscriminator(real, 2), packForDiscriminator(fake, 2), eps, 10),
    );
    expect(throughPacking).toBeCloseTo(onPacks, 5);
    expect(throughPacking).toBeCloseTo(160, 3);
  });

  it('is differentiable w.r.t. the critic weights (a gradient of a gradient)', async () => {
    const w = tf.variable(tf.tensor2d([3, 4], [2, 1]));
    const critic = (x: tf.Tensor): tf.Tensor => tf.tanh(tf.matMul(x as tf.Tensor2D, w));
    const { grads } = tf.variableGrads(
      () => gradientPenalty(critic, tf.ones([3, 2]), tf.zeros([3, 2]), tf.tensor1d([0.2, 0.4, 0.6]), 10),
      [w],
    );
    const g = await grads[w.name]!.data();
    expect(Array.from(g).some((x) => Math.abs(x) > 1e-6)).toBe(true);
    expect(Array.from(g).every(Number.isFinite)).toBe(true);
  });

  it('is differentiable through LeakyReLU, the activation of every preset critic', async () => {
    // critic(x) = Σ leakyReLU(x·W₁)·w₂. The slopes (1 or 0.2) do not depend on w₂, so the penalty is a
    // quadratic in w₂ and a central difference gives its gradient up to rounding.
    const w1 = tf.variable(tf.tensor2d([0.5, -1, 2, 1, 0.3, -0.4], [2, 3]));
    const w2 = tf.variable(tf.tensor2d([0.7, -0.2, 0.4], [3, 1]));
    const real = tf.tensor2d([1, 2, -1, 0.5, 0.3, -2], [3, 2]);
    const fake = tf.tensor2d([0, 1, 2, -1, -0.5, 0.5], [3, 2]);
    const eps = tf.tensor1d([0.2, 0.5, 0.8]);
    const penalty = (second: tf.Tensor): tf.Scalar =>
      gradientPenalty(
        (x) => tf.matMul(tf.leakyRelu(tf.matMul(x as tf.Tensor2D, w1), 0.2), second as tf.Tensor2D),
        real,
        fake,
        eps,
        10,
      );
    const { grads } = tf.variableGrads(() => penalty(w2), [w1, w2]);
    const g2 = Array.from(await grads[w2.name]!.data());
    expect(Array.from(await grads[w1.name]!.data()).every(Number.isFinite)).toBe(true);
    const h = 1e-2;
    for (let i = 0; i < 3; i++) {
      const bump = (d: number): Promise<number> =>
        value(
          tf.tidy(() =>
            penalty(tf.add(w2, tf.mul(tf.reshape(tf.oneHot(tf.tensor1d([i], 'int32'), 3), [3, 1]), d))),
          ),
        );
      expect(g2[i]).toBeCloseTo(((await bump(h)) - (await bump(-h))) / (2 * h), 2);
    }
    tf.dispose([w1, w2, real, fake, eps, ...Object.values(grads)]);
  });
});
