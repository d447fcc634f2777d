import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainingConfig } from '../../shared/engine/training-config';
import { emaDecay, updateGeneratorEma } from './generator-ema';
import {
  allWeights,
  createTinyGan,
  tinyImageConfig,
  tinyImageDataset,
  tinyPointsConfig,
  trainDeps,
} from './test-support';
import { fixedNoise, train } from './train';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

describe('emaDecay', () => {
  it('warms up as (1 + t)/(10 + t) and then stays at β', () => {
    expect(emaDecay(0.999, 1)).toBeCloseTo(2 / 11, 12);
    expect(emaDecay(0.999, 90)).toBeCloseTo(91 / 100, 12);
    expect(emaDecay(0.999, 100_000)).toBe(0.999);
    expect(emaDecay(0.5, 20)).toBe(0.5);
  });
});

describe('updateGeneratorEma', () => {
  it('moves every weight, trainable and BatchNorm statistics, to β_t·ema + (1 − β_t)·w, leaking nothing', () => {
    const gan = createTinyGan({ ...tinyImageConfig(), generatorEma: 0.9 }, tinyImageDataset(4));
    try {
      const ema = gan.emaGenerator!;
      // Starts as a copy of the initial generator.
      expect(allWeights(ema)).toEqual(allWeights(gan.generator));
      expect(gan.generator.nonTrainableWeights.length).toBeGreaterThan(0);
      const before = allWeights(ema);
      // New generator weights: w + 1 everywhere (moving variances stay positive).
      gan.generator.setWeights(gan.generator.getWeights().map((w) => tf.add(w, 1)));
      const w = allWeights(gan.generator);
      const count = tf.memory().numTensors;
      updateGeneratorEma(gan.generator, ema, 0.9, 20);
      expect(tf.memory().numTensors).toBe(count);
      const b = emaDecay(0.9, 20);
      const after = allWeights(ema);
      after.forEach((values, i) => {
        values.forEach((v, j) => expect(v).toBeCloseTo(b * before[i]![j]! + (1 - b) * w[i]![j]!, 5));
      });
    } finally {
      gan.dispose();
    }
  });
});

describe('train with an averaged generator', () => {
  it('samples from the average, which differs from the generator it averages', async () => {
    const config: TrainingConfig = { ...tinyPointsConfig({ steps: 4 }), generatorEma: 0.999 };
    const gan = createTinyGan(config);
    try {
      let last: Float32Array | null = null;
      await train(config, trainDeps(gan), { onSample: (s) => void (last = s.data) });
      const fixed = fixedNoise(config);
      const z = tf.tensor2d(fixed.z, [config.sampleCount, config.architecture.latentSize]);
      const fromEma = gan.emaGenerator!.predict(z) as tf.Tensor;
      const fromG = gan.generator.predict(z) as tf.Tensor;
      expect(last).toEqual(fromEma.dataSync());
      expect(last).not.toEqual(fromG.dataSync());
      tf.dispose([z, fromEma, fromG]);
    } finally {
      gan.dispose();
    }
  });

  it('refuses a config and an averaged generator that disagree', async () => {
    const config = { ...tinyPointsConfig({ steps: 2 }), generatorEma: 0.999 };
    const gan = createTinyGan(config);
    try {
      await expect(train({ ...config, generatorEma: null }, trainDeps(gan))).rejects.toThrow(/agree/);
    } finally {
      gan.dispose();
    }
  });
});
