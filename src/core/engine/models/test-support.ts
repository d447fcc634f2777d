import type * as tfl from '@tensorflow/tfjs-layers';
import { expect } from 'vitest';
import { createPreset, type ArchitectureSpec, type NetworkReport } from '../../../shared/engine/architecture';

// Test-only helpers: specs that exercise every option, and a check that a model is its report.

/** Small conditional image GAN using every normalisation, most activations, dropout, packing and mbstd. */
export function everyOptionImageSpec(): ArchitectureSpec {
  return {
    version: 1,
    preset: 'cdcgan',
    latentSize: 16,
    data: { kind: 'image', height: 16, width: 16, channels: 3 },
    numClasses: 3,
    generator: {
      conditioning: 'embedding',
      embeddingSize: 4,
      blocks: [
        { type: 'project', height: 4, width: 4, channels: 16, norm: 'spectral', activation: 'elu' },
        { type: 'deconv', filters: 8, kernel: 3, stride: 2, norm: 'layer', activation: 'swish' },
        {
          type: 'conv',
          filters: 8,
          kernel: 3,
          stride: 1,
          norm: 'instance',
          activation: 'relu',
          dropout: 0.1,
        },
        { type: 'output', kernel: 4, stride: 2, norm: 'spectral', activation: 'tanh' },
      ],
    },
    discriminator: {
      conditioning: 'projection',
      embeddingSize: 8,
      packing: 2,
      minibatchStd: true,
      blocks: [
        {
          type: 'conv',
          filters: 8,
          kernel: 3,
          stride: 2,
          norm: 'spectral',
          activation: 'leakyRelu',
          dropout: 0,
        },
        {
          type: 'conv',
          filters: 16,
          kernel: 3,
          stride: 2,
          norm: 'instance',
          activation: 'leakyRelu',
          dropout: 0.2,
        },
        { type: 'flatten' },
        { type: 'dense', units: 32, norm: 'layer', activation: 'tanh', dropout: 0.1 },
        { type: 'dense', units: 16, norm: 'batch', activation: 'relu', dropout: 0 },
        { type: 'output', norm: 'spectral' },
      ],
    },
  };
}

/** Conditional MLP on points with labels concatenated in D, packing 4 and minibatch std. */
export function packedPointsSpec(): ArchitectureSpec {
  const spec = createPreset('mlp', { numClasses: 4, baseWidth: 32 });
  return { ...spec, discriminator: { ...spec.discriminator, packing: 4, minibatchStd: true } };
}

/** Every layer of the model has its row's name, output shape and parameter counts, and nothing else. */
export function expectModelMatchesReport(model: tfl.LayersModel, report: NetworkReport): void {
  expect(model.layers.map((layer) => layer.name).sort()).toEqual(report.layers.map((row) => row.name).sort());
  expect(model.inputLayers.map((layer) => layer.name)).toEqual(report.inputs);
  expect(model.outputLayers.map((layer) => layer.name)).toEqual([report.output]);
  for (const row of report.layers) {
    const layer = model.getLayer(row.name);
    const trainable = layer.trainableWeights.reduce((sum, weight) => sum + weight.read().size, 0);
    expect({ name: row.name, shape: layer.outputShape, params: layer.countParams(), trainable }).toEqual({
      name: row.name,
      shape: [null, ...row.outputShape],
      params: row.params,
      trainable: row.trainableParams,
    });
  }
  expect(model.countParams()).toEqual(report.params);
}

/** Flattened weights of a model, for comparing two builds. */
export function weightValues(model: tfl.LayersModel): number[][] {
  return model.getWeights().map((weight) => Array.from(weight.dataSync()));
}
