import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createPreset,
  validateArchitecture,
  type ArchitectureSpec,
} from '../../../shared/engine/architecture';
import { buildDiscriminator, buildGenerator, packForDiscriminator, packLabels } from './index';
import {
  everyOptionImageSpec,
  expectModelMatchesReport,
  packedPointsSpec,
  weightValues,
} from './test-support';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const RESOLUTIONS = [16, 32, 64, 128] as const;
const SPECS: ReadonlyArray<readonly [string, ArchitectureSpec]> = [
  ...RESOLUTIONS.flatMap((resolution) => [
    [`dcgan ${resolution}`, createPreset('dcgan', { resolution })] as const,
    [`cdcgan ${resolution}`, createPreset('cdcgan', { resolution })] as const,
  ]),
  ['cdcgan concat, grey', createPreset('cdcgan', { channels: 1, discriminatorConditioning: 'concat' })],
  ['mlp points', createPreset('mlp')],
  ['mlp images 16', createPreset('mlp', { data: 'image', resolution: 16 })],
  ['every option (images)', everyOptionImageSpec()],
  ['packed conditional points', packedPointsSpec()],
];

describe('built models match the validator', () => {
  for (const [label, spec] of SPECS) {
    it(`${label}: same layer names, output shapes and parameter counts`, () => {
      const report = validateArchitecture(spec);
      expect(report.errors).toEqual([]);
      const generator = buildGenerator(spec, { seed: 1 });
      const discriminator = buildDiscriminator(spec, { seed: 1 });
      try {
        expectModelMatchesReport(generator, report.generator);
        expectModelMatchesReport(discriminator, report.discriminator);
      } finally {
        generator.dispose();
        discriminator.dispose();
      }
    });
  }

  it('refuses to build a spec with errors, with the validator’s sentence', () => {
    const spec = createPreset('dcgan', { resolution: 16 });
    const broken = { ...spec, data: { kind: 'image', height: 32, width: 32, channels: 3 } } as const;
    expect(() => buildGenerator(broken, { seed: 1 })).toThrow(
      /generator output is 16×16×3 but the data is 32×32×3/,
    );
  });
});

/** G(z[, y]) then D(pack(G(z))[, pack(y)]) in inference mode; returns [image shape, logit shape]. */
function forward(
  generator: tfl.LayersModel,
  discriminator: tfl.LayersModel,
  spec: ArchitectureSpec,
  n: number,
): number[][] {
  return tf.tidy(() => {
    const z = tf.randomNormal([n, spec.latentSize], 0, 1, 'float32', 3);
    const labels = tf.tensor1d(
      Array.from({ length: n }, (_, i) => i % Math.max(spec.numClasses, 1)),
      'int32',
    );
    const conditioned = spec.numClasses > 0;
    const fake = generator.predict(conditioned ? [z, labels] : z) as tf.Tensor;
    const m = spec.discriminator.packing;
    const x = packForDiscriminator(fake, m);
    const dLabels = spec.discriminator.conditioning === 'none' ? [] : [packLabels(labels, m)];
    const logit = discriminator.predict([x, ...dLabels]) as tf.Tensor;
    expect(Array.from(logit.dataSync()).every(Number.isFinite)).toBe(true);
    return [fake.shape, logit.shape];
  });
}

describe('forward passes', () => {
  it.each([16, 32, 64] as const)('dcgan %i: G draws images and D scores each one', (resolution) => {
    // Half width keeps the cpu backend quick; full widths are covered by the shape checks above.
    const spec = createPreset('dcgan', { resolution, baseWidth: 32 });
    const generator = buildGenerator(spec, { seed: 2 });
    const discriminator = buildDiscriminator(spec, { seed: 2 });
    expect(forward(generator, discriminator, spec, 2)).toEqual([
      [2, resolution, resolution, 3],
      [2, 1],
    ]);
    // tanh output: pixels in [−1, 1].
    const images = tf.tidy(() => generator.predict(tf.zeros([2, 100])) as tf.Tensor);
    const pixels = Array.from(images.dataSync());
    images.dispose();
    expect(Math.min(...pixels)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...pixels)).toBeLessThanOrEqual(1);
    generator.dispose();
    discriminator.dispose();
  });

  it('conditional models take int32 labels; packed D scores one logit per pack', () => {
    for (const spec of [
      createPreset('cdcgan', { resolution: 16, baseWidth: 8 }),
      everyOptionImageSpec(),
      packedPointsSpec(),
    ]) {
      const generator = buildGenerator(spec, { seed: 3 });
      const discriminator = buildDiscriminator(spec, { seed: 3 });
      const n = 8;
      const [fakeShape, logitShape] = forward(generator, discriminator, spec, n);
      const sample =
        spec.data.kind === 'image'
          ? [spec.data.height, spec.data.width, spec.data.channels]
          : [spec.data.dims];
      expect(fakeShape).toEqual([n, ...sample]);
      expect(logitShape).toEqual([n / spec.discriminator.packing, 1]);
      generator.dispose();
      discriminator.dispose();
    }
  });

  it('labels change what a conditional generator draws', () => {
    const spec = createPreset('mlp', { numClasses: 3, baseWidth: 16 });
    const generator = buildGenerator(spec, { seed: 4 });
    const [a, b] = tf.tidy(() => {
      const z = tf.ones([1, spec.latentSize]);
      return [0, 1].map((y) =>
        Array.from((generator.predict([z, tf.tensor1d([y], 'int32')]) as tf.Tensor).dataSync()),
      );
    });
    expect(a).not.toEqual(b);
    generator.dispose();
  });
});

describe('seeded initialisation', () => {
  const spec = everyOptionImageSpec();
  const built: tfl.LayersModel[] = [];
  const build = (seed: number) => {
    const models = [buildGenerator(spec, { seed }), buildDiscriminator(spec, { seed })];
    built.push(...models);
    return models.flatMap(weightValues);
  };
  afterAll(() => built.forEach((model) => model.dispose()));

  it('gives identical weights for the same seed and different ones for another', () => {
    const first = build(11);
    expect(build(11)).toEqual(first);
    const other = build(12);
    // Kernels differ; zero biases and unit norms do not.
    expect(other.filter((values, i) => values.some((v, j) => v !== first[i]?.[j])).length).toBeGreaterThan(5);
  });

  it('draws DCGAN kernels from N(0, 0.02²)', () => {
    const generator = buildGenerator(createPreset('dcgan', { resolution: 32 }), { seed: 5 });
    built.push(generator);
    const kernel = generator.getLayer('g_block2_deconv').getWeights()[0];
    if (!kernel) throw new Error('no kernel');
    const { mean, variance } = tf.tidy(() => tf.moments(kernel));
    expect(Math.abs(mean.dataSync()[0] ?? 1)).toBeLessThan(1e-3);
    expect(Math.sqrt(variance.dataSync()[0] ?? 0)).toBeCloseTo(0.02, 3);
    tf.dispose([mean, variance]);
  });
});
