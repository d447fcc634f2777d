import { describe, expect, it } from 'vitest';
import {
  createPreset,
  validateArchitecture,
  type ArchitectureSpec,
  type ConvBlock,
  type DiscriminatorBlock,
  type GeneratorBlock,
} from './architecture';

const conv = (filters: number, stride = 2): ConvBlock => ({
  type: 'conv',
  filters,
  kernel: 4,
  stride,
  norm: 'none',
  activation: 'leakyRelu',
  dropout: 0,
});

function withD(spec: ArchitectureSpec, blocks: DiscriminatorBlock[]): ArchitectureSpec {
  return { ...spec, discriminator: { ...spec.discriminator, blocks } };
}

function withG(spec: ArchitectureSpec, blocks: GeneratorBlock[]): ArchitectureSpec {
  return { ...spec, generator: { ...spec.generator, blocks } };
}

const messages = (spec: ArchitectureSpec): string[] =>
  validateArchitecture(spec).errors.map((e) => e.message);

describe('validateArchitecture', () => {
  const dcgan16 = createPreset('dcgan', { resolution: 16 });

  it('names the block whose input is too small for its kernel', () => {
    // 16 → 8 → 4 → 2, then a fourth conv on 2×2.
    const spec = withD(dcgan16, [
      conv(8),
      conv(16),
      conv(32),
      conv(64),
      { type: 'flatten' },
      { type: 'output', norm: 'none' },
    ]);
    const report = validateArchitecture(spec);
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([
      {
        network: 'discriminator',
        block: 4,
        blockType: 'conv',
        message:
          'discriminator block 4 (conv): the input is 2×2, too small for kernel 4 with stride 2; remove the block or use stride 1',
      },
    ]);
  });

  it('says when the generator output does not match the data', () => {
    const spec = { ...dcgan16, data: { kind: 'image', height: 32, width: 32, channels: 3 } } as const;
    const errors = messages(spec);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^generator output is 16×16×3 but the data is 32×32×3/);
  });

  it('stops a network at a block that cannot take its input, and says what to add', () => {
    const spec = withD(dcgan16, [conv(8), { type: 'output', norm: 'none' }]);
    expect(messages(spec)).toEqual([
      'discriminator block 2 (output): needs a flat vector, but its input is a 8×8×8 feature map; add a flatten block before it',
    ]);
    const report = validateArchitecture(spec);
    expect(report.discriminator.output).toBeNull();
    expect(report.generator.output).toBe('g_block3_act');

    const g = withG(dcgan16, [
      { type: 'deconv', filters: 8, kernel: 4, stride: 2, norm: 'batch', activation: 'relu' },
      { type: 'output', kernel: 4, stride: 2, norm: 'none', activation: 'tanh' },
    ]);
    expect(messages(g)[0]).toBe(
      'generator block 1 (deconv): needs a feature map, but its input is a flat vector of 100 values; put a project block before it',
    );
  });

  it('requires exactly one output block, at the end', () => {
    expect(messages(withD(dcgan16, [conv(8), { type: 'flatten' }]))).toEqual([
      'discriminator: the last block must be an output block; add one',
    ]);
    const misplaced = withD(dcgan16, [{ type: 'flatten' }, { type: 'output', norm: 'none' }, conv(8)]);
    expect(messages(misplaced)[0]).toMatch(
      /^discriminator block 2 \(output\): the output block must be the last/,
    );
  });

  it('reports out-of-bounds fields by block instead of throwing', () => {
    const broken = withD(dcgan16, [
      { ...conv(8), kernel: 12 },
      { type: 'flatten' },
      { type: 'output', norm: 'none' },
    ]);
    const report = validateArchitecture(broken);
    expect(report.ok).toBe(false);
    expect(report.errors[0]?.block).toBe(1);
    expect(report.errors[0]?.message).toMatch(/^discriminator block 1 \(conv\): kernel: /);

    const packed = { ...dcgan16, discriminator: { ...dcgan16.discriminator, packing: 5 } };
    expect(messages(packed)[0]).toMatch(/^discriminator\.packing: /);
    const nonsense = { version: 1, generator: { blocks: [{ type: 'warp' }] } } as unknown as ArchitectureSpec;
    expect(() => validateArchitecture(nonsense)).not.toThrow();
    expect(validateArchitecture(nonsense).errors.map((e) => e.message)).toContain(
      'generator block 1: unknown block type; use one of project, deconv, conv, dense, flatten, output',
    );
  });

  it('checks that conditioning has classes, and warns when only one network sees labels', () => {
    const unconditionalData = { ...createPreset('cdcgan'), numClasses: 0 };
    expect(messages(unconditionalData)).toEqual([
      'generator: label conditioning needs classes; set numClasses above 0 or conditioning to none',
      'discriminator: label conditioning needs classes; set numClasses above 0 or conditioning to none',
    ]);
    const onlyG = createPreset('cdcgan');
    const report = validateArchitecture({
      ...onlyG,
      discriminator: { ...onlyG.discriminator, conditioning: 'none' },
    });
    expect(report.ok).toBe(true);
    expect(report.warnings.map((w) => w.network)).toEqual(['discriminator']);
  });

  it('rejects instance normalisation of a flat vector and flattening twice', () => {
    const mlp = createPreset('mlp');
    const spec = withD(mlp, [
      { type: 'dense', units: 32, norm: 'instance', activation: 'leakyRelu', dropout: 0 },
      { type: 'output', norm: 'none' },
    ]);
    expect(messages(spec)).toEqual([
      'discriminator block 1 (dense): instance normalisation needs a feature map; use layer or batch normalisation',
    ]);
    expect(messages(withD(mlp, [{ type: 'flatten' }, { type: 'output', norm: 'none' }]))).toEqual([
      'discriminator block 1 (flatten): its input is already a flat vector of 2 values; remove the block',
    ]);
  });

  it('infers packing, minibatch std, spectral norm and label maps', () => {
    const base = createPreset('cdcgan', {
      resolution: 16,
      discriminatorConditioning: 'concat',
      numClasses: 4,
    });
    const spec: ArchitectureSpec = {
      ...base,
      discriminator: {
        ...base.discriminator,
        packing: 2,
        minibatchStd: true,
        blocks: [
          { ...conv(8), norm: 'spectral' },
          { ...conv(16), norm: 'layer', dropout: 0.25 },
          { type: 'flatten' },
          { type: 'output', norm: 'spectral' },
        ],
      },
    };
    const report = validateArchitecture(spec);
    expect(report.errors).toEqual([]);
    const rows = new Map(report.discriminator.layers.map((row) => [row.name, row]));
    expect(rows.get('d_x')?.outputShape).toEqual([16, 16, 6]);
    expect(rows.get('d_label_maps')?.outputShape).toEqual([16, 16, 16]);
    expect(rows.get('d_concat')?.outputShape).toEqual([16, 16, 22]);
    // Spectral conv: kernel 4·4·22·8 + bias 8 trainable, plus u (8) not.
    expect(rows.get('d_block1_conv')).toMatchObject({
      params: 4 * 4 * 22 * 8 + 8 + 8,
      trainableParams: 4 * 4 * 22 * 8 + 8,
    });
    // Layer norm replaces the bias: kernel only, then γ and β per channel.
    expect(rows.get('d_block2_conv')?.params).toBe(4 * 4 * 8 * 16);
    expect(rows.get('d_block2_norm')?.params).toBe(2 * 16);
    expect(rows.get('d_block2_dropout')?.layer).toEqual({ op: 'dropout', rate: 0.25 });
    expect(rows.get('d_minibatch_std')?.outputShape).toEqual([4, 4, 17]);
    expect(rows.get('d_block3_flatten')?.outputShape).toEqual([4 * 4 * 17]);
    expect(report.discriminator.output).toBe('d_block4_output');
  });
});
