import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deriveSeed, Rng } from '../core/engine/random';
import {
  createTinyGan,
  disposeBatch,
  drawBatch,
  tinyImageConfig,
  tinyImageDataset,
  tinyPointsConfig,
  type TinyGan,
} from '../core/engine/test-support';
import { discriminatorStep, generatorStep } from '../core/engine/train-steps';
import { probeBackends } from './probe-backends';
import { webgpuCandidate } from './webgpu-candidate';

/**
 * A training step of every recipe on tfjs's WebGPU backend, through Dawn's null adapter: it runs no
 * shader (results are meaningless) but validates every pipeline, bind group and submission as a GPU's
 * adapter would, so a kernel WebGPU rejects — such as tfjs's AddN past 7 inputs — fails here on machines
 * without a GPU. What a real GPU computes is bench/gpu-check.sh's part.
 */
interface ErrorScopes {
  pushErrorScope(filter: 'validation'): void;
  popErrorScope(): Promise<{ message: string } | null>;
}

const installed = (() => {
  try {
    createRequire(import.meta.url).resolve('webgpu');
    return true;
  } catch {
    return false;
  }
})();

const CASES: ReadonlyArray<readonly [string, () => TinyGan]> = [
  ['dcgan, non-saturating', () => createTinyGan(tinyImageConfig(), tinyImageDataset(8))],
  ['dcgan, wgan-gp', () => createTinyGan(tinyImageConfig({ objective: 'wgan-gp' }), tinyImageDataset(8))],
  [
    'cdcgan, hinge',
    () => createTinyGan(tinyImageConfig({ objective: 'hinge', classes: 3 }), tinyImageDataset(9, 3)),
  ],
  ['mlp points, lsgan', () => createTinyGan(tinyPointsConfig({ objective: 'lsgan' }))],
];

describe.skipIf(!installed)('training on the webgpu backend (Dawn null adapter)', () => {
  const previous = process.env.GAN_STUDIO_DAWN_OPTIONS;
  beforeAll(async () => {
    process.env.GAN_STUDIO_DAWN_OPTIONS = 'backend=null';
    const probe = await probeBackends([webgpuCandidate], { force: 'webgpu' });
    expect(probe.active, probe.reports[0]?.detail).toBe('webgpu');
  });
  afterAll(() => {
    webgpuCandidate.release?.(tf);
    if (previous === undefined) delete process.env.GAN_STUDIO_DAWN_OPTIONS;
    else process.env.GAN_STUDIO_DAWN_OPTIONS = previous;
  });

  it.each(CASES)('%s: a D and a G step raise no WebGPU validation error', async (_name, create) => {
    const device = (tf.backend() as unknown as { device: ErrorScopes }).device;
    const gan = create();
    const rng = new Rng(deriveSeed(gan.config.seed, 'webgpu-step'));
    device.pushErrorScope('validation');
    const batch = drawBatch(gan, rng);
    const d = discriminatorStep(gan.setup, batch);
    const g = generatorStep(gan.setup, batch.noise, batch.fakeLabels);
    disposeBatch(batch);
    // Reading back submits everything queued.
    await Promise.all([d.lossD.data(), d.gradNormD.data(), g.lossG.data(), g.gradNormG.data()]);
    const error = await device.popErrorScope();
    expect(error?.message ?? null).toBeNull();
    tf.dispose([d.lossD, d.dReal, d.dFake, d.gradNormD, g.lossG, g.gradNormG]);
    if (d.divergence) d.divergence.value.dispose();
    gan.dispose();
  });
});
