import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingConfig } from '../../shared/engine/training-config';
import { tinyImageConfig, tinyImageDataset } from '../engine/test-support';
import { everyOptionImageSpec } from '../engine/models/test-support';
import * as models from '../engine/models';
import { CUSTOM_LAYER_CLASSES } from './export-job';
import { generatorMetadata } from './export-metadata';
import { exportLabels, exportNoise } from './latent';
import { loadLayersModelFromFolder, writeLayersModel } from './model-files';
import { restoreGenerator } from './restore-generator';
import { trainedCheckpoint, type TrainedCheckpoint } from './test-support';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

/** G's output for the same noise and labels, through `apply` in inference mode as the studio samples. */
function outputs(
  model: { apply: (inputs: tf.Tensor[]) => unknown },
  n: number,
  latentSize: number,
  classes: number,
) {
  return tf.tidy(() => {
    const z = tf.tensor2d(exportNoise(5, n, latentSize), [n, latentSize]);
    const labels = tf.tensor1d(exportLabels(n, classes, null)!, 'int32');
    return Float32Array.from((model.apply([z, labels]) as tf.Tensor).dataSync());
  });
}

describe('an exported generator', () => {
  let trained: TrainedCheckpoint;
  beforeAll(async () => {
    // Every custom layer the studio has in G: spectral norm, layer and instance norm, label embedding;
    // the averaged generator too, which is what an export takes when the run keeps one.
    const spec = everyOptionImageSpec();
    const config = TrainingConfig.parse({
      ...tinyImageConfig({ classes: 3, steps: 3 }),
      architecture: { ...spec, data: { ...spec.data, channels: 1 } },
      generatorEma: 0.9,
    });
    trained = await trainedCheckpoint(config, tinyImageDataset(12, 3));
  });
  afterAll(() => trained.cleanup());

  it("loads back with tf.loadLayersModel from its files and reproduces the studio's samples", async () => {
    const { generator, averaged } = restoreGenerator(trained.config, trained.configHash, trained.folder);
    expect(averaged).toBe(true);
    mkdirSync(trained.outDir);
    expect(await writeLayersModel(generator, trained.outDir)).toEqual(['model.json', 'weights.bin']);
    const loaded = await loadLayersModelFromFolder(trained.outDir);

    const { latentSize, numClasses } = trained.config.architecture;
    const studio = outputs(trained.gan.emaGenerator!, 16, latentSize, numClasses);
    const exported = outputs(loaded, 16, latentSize, numClasses);
    expect(exported).toHaveLength(16 * 16 * 16);
    const maxDiff = Math.max(...exported.map((v, i) => Math.abs(v - (studio[i] ?? Number.NaN))));
    expect(maxDiff).toBeLessThan(1e-5);
    // Not a trivial pass: the samples differ between classes and noise vectors.
    expect(new Set(exported.slice(0, 256)).size).toBeGreaterThan(10);

    const manifest = JSON.parse(readFileSync(join(trained.outDir, 'model.json'), 'utf8')) as {
      format: string;
      weightsManifest: { paths: string[] }[];
    };
    expect(manifest.format).toBe('layers-model');
    expect(manifest.weightsManifest[0]?.paths).toEqual(['weights.bin']);
    generator.dispose();
    loaded.dispose();
  });

  it('has metadata naming its inputs, scaling and the custom layers a loader must register', () => {
    const metadata = generatorMetadata(
      {
        exportId: 'e1',
        runId: 'run_1',
        runName: 'tiny',
        checkpointStep: 3,
        configHash: trained.configHash,
        classNames: ['a', 'b', 'c'],
        backend: 'cpu',
        averaged: true,
        createdAt: new Date(0),
      },
      trained.config.architecture,
      trained.outDir,
    );
    expect(metadata).toMatchObject({
      latentSize: 16,
      resolution: { height: 16, width: 16 },
      channels: 1,
      numClasses: 3,
      outputScaling: expect.stringMatching(/^tanh: pixels = \(x \+ 1\) \* 127\.5/),
      customLayers: ['SpectralNorm', 'ChannelNorm', 'LabelEmbedding'],
      step: 3,
      generator: 'averaged',
    });
  });

  it('lists every custom layer class the engine registers', () => {
    const registered = Object.values(models)
      .map((value) => (value as { className?: unknown }).className)
      .filter((name): name is string => typeof name === 'string');
    expect([...CUSTOM_LAYER_CLASSES].sort()).toEqual(registered.sort());
  });
});
