import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainingConfig } from '../../shared/engine/training-config';
import { deriveSeed, Rng } from './random';
import {
  createTinyGan,
  disposeBatch,
  drawBatch,
  tinyImageConfig,
  tinyImageDataset,
  tinyPointsConfig,
  weightSnapshot,
  type TinyGan,
} from './test-support';
import { discriminatorStep, generatorStep } from './train-steps';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const CASES: ReadonlyArray<readonly [string, () => TinyGan]> = [
  ['dcgan, non-saturating', () => createTinyGan(tinyImageConfig(), tinyImageDataset(8))],
  ['dcgan, wgan-gp', () => createTinyGan(tinyImageConfig({ objective: 'wgan-gp' }), tinyImageDataset(8))],
  [
    'cdcgan, hinge',
    () => createTinyGan(tinyImageConfig({ objective: 'hinge', classes: 3 }), tinyImageDataset(9, 3)),
  ],
  ['mlp points, lsgan', () => createTinyGan(tinyPointsConfig({ objective: 'lsgan' }))],
];

function noiseRng(config: TrainingConfig): Rng {
  return new Rng(deriveSeed(config.seed, 'test-steps'));
}

/** One D update and one G update, every returned scalar disposed. */
function fullStep(gan: TinyGan, rng: Rng): void {
  const batch = drawBatch(gan, rng);
  const d = discriminatorStep(gan.setup, batch);
  tf.dispose([d.lossD, d.dReal, d.dFake, d.gradNormD, ...(d.divergence ? [d.divergence.value] : [])]);
  const g = generatorStep(gan.setup, batch.noise, batch.fakeLabels);
  tf.dispose([g.lossG, g.gradNormG]);
  disposeBatch(batch);
}

const changed = (before: Map<string, Float32Array>, after: Map<string, Float32Array>): string[] =>
  [...before.keys()].filter((name) => !tf.util.arraysEqual(before.get(name)!, after.get(name)!));

const kernels = (weights: Map<string, Float32Array>): string[] =>
  [...weights.keys()].filter((name) => /\/kernel/.test(name));

describe('discriminatorStep and generatorStep', () => {
  for (const [label, create] of CASES) {
    it(`${label}: keep tf.memory().numTensors flat across steps after a warm-up`, () => {
      const gan = create();
      try {
        const rng = noiseRng(gan.config);
        fullStep(gan, rng); // warm-up: Adam creates its moment slots on the first update
        const before = tf.memory().numTensors;
        for (let i = 0; i < 3; i++) {
          fullStep(gan, rng);
          expect(tf.memory().numTensors).toBe(before);
        }
      } finally {
        gan.dispose();
      }
    });

    it(`${label}: a D step trains only D's weights, a G step only G's`, () => {
      const gan = create();
      try {
        const { generator, discriminator } = gan.setup;
        const batch = drawBatch(gan, noiseRng(gan.config));
        const g0 = weightSnapshot(generator, 'trainable');
        const d0 = weightSnapshot(discriminator, 'trainable');
        const gStats0 = weightSnapshot(generator, 'nonTrainable');
        tf.dispose(Object.values(discriminatorStep(gan.setup, batch)).filter((v) => v instanceof tf.Tensor));
        const g1 = weightSnapshot(generator, 'trainable');
        const d1 = weightSnapshot(discriminator, 'trainable');
        expect(changed(g0, g1)).toEqual([]);
        // Every kernel moves; a bias may not (hinge's output bias has gradient −1 + 1 = 0 at the start).
        expect(changed(d0, d1)).toEqual(expect.arrayContaining(kernels(d0)));
        // G makes D's fakes in training mode (batch statistics, as in its own step, so D learns on the
        // samples G really produces); BatchNorm updates G's moving statistics as a side effect. They only
        // serve inference-mode sampling, so that is harmless, and it is what this asserts.
        const gStats1 = weightSnapshot(generator, 'nonTrainable');
        expect(changed(gStats0, gStats1)).toEqual([...gStats0.keys()].filter((n) => /moving/.test(n)));

        const dStats1 = weightSnapshot(discriminator, 'nonTrainable');
        const g = generatorStep(gan.setup, batch.noise, batch.fakeLabels);
        tf.dispose([g.lossG, g.gradNormG]);
        const g2 = weightSnapshot(generator, 'trainable');
        const d2 = weightSnapshot(discriminator, 'trainable');
        expect(changed(d1, d2)).toEqual([]);
        expect(changed(g1, g2)).toEqual(expect.arrayContaining(kernels(g1)));
        // Likewise D judges G's samples in training mode, moving D's BatchNorm statistics only.
        const dStats2 = weightSnapshot(discriminator, 'nonTrainable');
        expect(changed(dStats1, dStats2)).toEqual([...dStats1.keys()].filter((n) => /moving/.test(n)));
        disposeBatch(batch);
      } finally {
        gan.dispose();
      }
    });
  }
});
