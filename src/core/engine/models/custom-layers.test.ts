import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildDiscriminator,
  buildGenerator,
  ChannelNorm,
  LabelEmbedding,
  MinibatchStd,
  SpectralNorm,
} from './index';
import { everyOptionImageSpec } from './test-support';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const values = (t: tf.Tensor): number[] => Array.from(t.dataSync());
const run = (layer: tfl.layers.Layer, x: tf.Tensor, training = false): number[] =>
  tf.tidy(() => values(layer.apply(x, { training }) as tf.Tensor));

describe('MinibatchStd', () => {
  it('appends the mean over features of the standard deviation over the batch', () => {
    const x = tf.tensor2d([
      [0, 0],
      [1, 2],
      [2, 4],
    ]);
    // Var over the batch: 2/3 and 8/3 → mean of their square roots.
    const s = (Math.sqrt(2 / 3) + Math.sqrt(8 / 3)) / 2;
    const out = run(new MinibatchStd(), x);
    expect(out.filter((_, i) => i % 3 === 2).map((v) => v.toFixed(4))).toEqual(Array(3).fill(s.toFixed(4)));
    const maps = tf.tidy(() => new MinibatchStd().apply(tf.ones([2, 4, 4, 3])) as tf.Tensor);
    expect(maps.shape).toEqual([2, 4, 4, 4]);
    tf.dispose([x, maps]);
  });
});

describe('ChannelNorm', () => {
  // Created per test: describe bodies run before beforeAll has picked the backend.
  const sample = () =>
    tf.tensor4d(
      Array.from({ length: 2 * 3 * 3 * 2 }, (_, i) => (i * 7) % 11),
      [2, 3, 3, 2],
    );

  it('instance mode gives each sample’s channels zero mean and unit variance over pixels', () => {
    const out = tf.tidy(() => {
      const y = new ChannelNorm({ mode: 'instance' }).apply(sample()) as tf.Tensor;
      const { mean, variance } = tf.moments(y, [1, 2]);
      return tf.concat([tf.reshape(mean, [-1]), tf.reshape(variance, [-1])]);
    });
    values(out)
      .slice(0, 4)
      .forEach((mean) => expect(mean).toBeCloseTo(0, 5));
    values(out)
      .slice(4)
      .forEach((variance) => expect(variance).toBeCloseTo(1, 3));
    out.dispose();
  });

  it('layer mode normalises over all of a sample’s features', () => {
    const out = tf.tidy(
      () => tf.moments(new ChannelNorm({ mode: 'layer' }).apply(sample()) as tf.Tensor, [1, 2, 3]).variance,
    );
    values(out).forEach((variance) => expect(variance).toBeCloseTo(1, 3));
    out.dispose();
  });
});

describe('SpectralNorm', () => {
  // Singular values 3, 2, 1: σ = 3.
  const w = [
    [3, 0, 0],
    [0, 2, 0],
    [0, 0, 1],
    [0, 0, 0],
  ];

  it('divides the kernel by its largest singular value, learning u in training calls only', () => {
    const layer = new SpectralNorm({ kind: 'dense', units: 3, useBias: false, seed: 1 });
    const x = tf.eye(4);
    run(layer, x);
    const u = () => values(layer.getWeights()[1] as tf.Tensor);
    layer.setWeights([tf.tensor2d(w), tf.tensor2d([[1, 1, 1]])]);
    run(layer, x);
    expect(u()).toEqual([1, 1, 1]);
    for (let i = 0; i < 30; i += 1) run(layer, x, true);
    expect(Math.abs(u()[0] ?? 0)).toBeCloseTo(1, 4);
    // Rows of eye(4)·W/σ are the rows of W/3.
    expect(run(layer, x).map((v) => Number(v.toFixed(4)))).toEqual(
      w.flat().map((v) => Number((v / 3).toFixed(4))),
    );
    x.dispose();
  });

  it('normalises conv and transposed-conv kernels viewed as [fan-in, filters]', () => {
    const x = tf.randomNormal([1, 2, 2, 4], 0, 1, 'float32', 1);
    const conv = new SpectralNorm({
      kind: 'conv2d',
      units: 3,
      kernel: 1,
      stride: 1,
      useBias: false,
      seed: 2,
    });
    const deconv = new SpectralNorm({
      kind: 'conv2dTranspose',
      units: 4,
      kernel: 1,
      stride: 2,
      useBias: false,
      seed: 3,
    });
    const h = tf.randomNormal([1, 2, 2, 3], 0, 1, 'float32', 2);
    run(conv, x);
    run(deconv, h);
    const convKernel = tf.tensor4d(w.flat(), [1, 1, 4, 3]);
    // Transposed conv kernels are [k, k, out, in]: out = 4 filters, in = 3 channels, σ is still 3.
    const deconvKernel = tf.tensor4d(w.flat(), [1, 1, 4, 3]);
    conv.setWeights([convKernel, tf.ones([1, 3])]);
    deconv.setWeights([deconvKernel, tf.ones([1, 4])]);
    for (let i = 0; i < 30; i += 1) {
      run(conv, x, true);
      run(deconv, h, true);
    }
    const expected = tf.tidy(() =>
      values(tf.conv2d(x as tf.Tensor4D, tf.div(convKernel, 3) as tf.Tensor4D, 1, 'same')),
    );
    run(conv, x).forEach((v, i) => expect(v).toBeCloseTo(expected[i] ?? NaN, 4));
    const up = tf.tidy(() =>
      tf.conv2dTranspose(h as tf.Tensor4D, tf.div(deconvKernel, 3) as tf.Tensor4D, [1, 4, 4, 4], 2, 'same'),
    );
    expect(up.shape).toEqual([1, 4, 4, 4]);
    run(deconv, h).forEach((v, i) => expect(v).toBeCloseTo(values(up)[i] ?? NaN, 4));
    tf.dispose([x, h, convKernel, deconvKernel, up]);
  });

  it('passes gradients to the kernel but not to u', () => {
    const layer = new SpectralNorm({ kind: 'dense', units: 2, useBias: true, seed: 4 });
    const x = tf.randomNormal([5, 3], 0, 1, 'float32', 4);
    run(layer, x);
    const [kernel, bias] = layer.trainableWeights.map((weight) => weight.read() as tf.Variable);
    if (!kernel || !bias) throw new Error('weights missing');
    expect(layer.nonTrainableWeights.map((weight) => weight.name)).toEqual([expect.stringMatching(/\/u$/)]);
    const grads = tf.variableGrads(
      () => tf.sum(layer.apply(x, { training: true }) as tf.Tensor),
      [kernel, bias],
    );
    expect(Object.keys(grads.grads)).toHaveLength(2);
    Object.values(grads.grads).forEach((g) => expect(values(g).every(Number.isFinite)).toBe(true));
    tf.dispose([x, grads.value, ...Object.values(grads.grads)]);
  });
});

describe('LabelEmbedding', () => {
  it('looks up one row per label, from [N] or [N, 1] labels, and trains by matmul', () => {
    const layer = new LabelEmbedding({ numClasses: 3, size: 2, stddev: 1, seed: 5 });
    run(layer, tf.tensor1d([0], 'int32'));
    layer.setWeights([tf.tensor2d([0, 1, 10, 11, 20, 21], [3, 2])]);
    expect(run(layer, tf.tensor1d([2, 0], 'int32'))).toEqual([20, 21, 0, 1]);
    expect(run(layer, tf.tensor2d([1], [1, 1], 'int32'))).toEqual([10, 11]);
    const table = layer.trainableWeights[0]?.read() as tf.Variable;
    const labels = tf.tensor1d([1, 1], 'int32');
    const { value, grads } = tf.variableGrads(() => tf.sum(layer.apply(labels) as tf.Tensor), [table]);
    expect(values(grads[table.name] as tf.Tensor)).toEqual([0, 0, 2, 2, 0, 0]);
    tf.dispose([labels, value, ...Object.values(grads)]);
  });
});

describe('serialization', () => {
  it('saves and reloads models with every custom layer, giving the same outputs', async () => {
    const spec = everyOptionImageSpec();
    for (const model of [buildGenerator(spec, { seed: 6 }), buildDiscriminator(spec, { seed: 6 })]) {
      let saved: tf.io.ModelArtifacts | null = null;
      await model.save(
        tf.io.withSaveHandler(async (artifacts) => {
          saved = artifacts;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      );
      if (!saved) throw new Error('nothing saved');
      const restored = await tfl.loadLayersModel(tf.io.fromMemory(saved));
      const inputs = model.inputs.map((input, i) =>
        input.dtype === 'int32'
          ? tf.tensor2d([0, 1, 2, 0], [4, 1], 'int32')
          : tf.randomNormal([4, ...input.shape.slice(1).map(Number)], 0, 1, 'float32', i),
      );
      const [a, b] = [model, restored].map((m) => tf.tidy(() => values(m.predict(inputs) as tf.Tensor)));
      expect(b).toEqual(a);
      tf.dispose(inputs);
      model.dispose();
      restored.dispose();
    }
  });
});
