import { describe, expect, it } from 'vitest';
import { ArchitectureSpec, createPreset, PRESET_NAMES, validateArchitecture } from './architecture';

const RESOLUTIONS = [16, 32, 64, 128] as const;

describe('createPreset', () => {
  it('gives valid specs whose generator output matches the data, for every preset and resolution', () => {
    for (const name of PRESET_NAMES) {
      for (const resolution of RESOLUTIONS) {
        for (const channels of [1, 3] as const) {
          const data = name === 'mlp' ? 'image' : undefined;
          const spec = createPreset(name, { resolution, channels, ...(data ? { data } : {}) });
          expect(ArchitectureSpec.safeParse(spec).success).toBe(true);
          const report = validateArchitecture(spec);
          expect(report.errors).toEqual([]);
          expect(report.generator.outputShape).toEqual([resolution, resolution, channels]);
          expect(report.discriminator.outputShape).toEqual([1]);
        }
      }
    }
  });

  it('counts DCGAN 64×64 parameters as the PyTorch reference does, plus the biases it adds', () => {
    const report = validateArchitecture(createPreset('dcgan', { resolution: 64 }));
    // PyTorch's DCGAN example (nz 100, ngf = ndf = 64, bias=False everywhere): G 3,576,704 and D 2,765,568
    // trainable parameters. Here the tanh output deconv keeps 3 biases, and D keeps 64 on its first conv
    // (which has no batch norm) and 1 on its logit.
    expect(report.generator.trainableParams).toBe(3_576_704 + 3);
    expect(report.discriminator.trainableParams).toBe(2_765_568 + 64 + 1);
    // Batch norm also holds a moving mean and variance per channel: 2 × (512 + 256 + 128 + 64) in G.
    expect(report.generator.params - report.generator.trainableParams).toBe(2 * (512 + 256 + 128 + 64));
  });

  it('derives the DCGAN depth from the resolution: 4×4, then ×2 per transposed conv', () => {
    const spec = createPreset('dcgan', { resolution: 128, baseWidth: 32 });
    expect(spec.generator.blocks.map((b) => b.type)).toEqual([
      'project',
      'deconv',
      'deconv',
      'deconv',
      'deconv',
      'output',
    ]);
    const report = validateArchitecture(spec);
    const maps = report.generator.layers.filter((row) => row.name.endsWith('_act'));
    expect(maps.map((row) => row.outputShape)).toEqual([
      [4, 4, 512],
      [8, 8, 256],
      [16, 16, 128],
      [32, 32, 64],
      [64, 64, 32],
      [128, 128, 3],
    ]);
    expect(spec.discriminator.blocks[0]).toMatchObject({ norm: 'none', activation: 'leakyRelu' });
    expect(spec.discriminator.blocks[1]).toMatchObject({ norm: 'batch', activation: 'leakyRelu' });
  });

  it('conditions cdcgan by a G embedding and a projection or concatenation in D', () => {
    const projection = createPreset('cdcgan', { numClasses: 5 });
    expect(projection.numClasses).toBe(5);
    expect(projection.generator.conditioning).toBe('embedding');
    expect(projection.discriminator.conditioning).toBe('projection');
    const report = validateArchitecture(projection);
    expect(report.generator.inputs).toEqual(['g_z', 'g_labels']);
    expect(report.discriminator.inputs).toEqual(['d_x', 'd_labels']);
    expect(report.discriminator.output).toBe('d_logit');

    const concat = validateArchitecture(createPreset('cdcgan', { discriminatorConditioning: 'concat' }));
    expect(concat.errors).toEqual([]);
    const joined = concat.discriminator.layers.find((row) => row.name === 'd_concat');
    expect(joined?.outputShape).toEqual([32, 32, 3 + 16]);
  });

  it('makes an MLP for 2-D points by default, conditional when given classes', () => {
    const spec = createPreset('mlp');
    expect(spec.data).toEqual({ kind: 'points', dims: 2 });
    expect(spec.latentSize).toBe(8);
    const report = validateArchitecture(spec);
    expect(report.ok).toBe(true);
    expect(report.generator.outputShape).toEqual([2]);
    const output = spec.generator.blocks.at(-1);
    expect(output?.type === 'output' && output.activation).toBe('linear');

    const conditional = validateArchitecture(createPreset('mlp', { numClasses: 8 }));
    expect(conditional.errors).toEqual([]);
    expect(conditional.discriminator.inputs).toEqual(['d_x', 'd_labels']);
  });

  it('rejects options outside their bounds', () => {
    expect(() => createPreset('dcgan', { resolution: 48 as 32 })).toThrow();
    expect(() => createPreset('dcgan', { baseWidth: 0 })).toThrow();
  });
});
