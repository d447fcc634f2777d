import { z } from 'zod';
import {
  ARCHITECTURE_VERSION,
  type ArchitectureSpec,
  type DataShape,
  type DiscriminatorBlock,
  type GeneratorBlock,
  type PresetName,
} from './architecture-schema';

export const PresetOptions = z
  .object({
    /** Square image side; conv presets project to 4×4 and double per transposed conv. Default 32. */
    resolution: z.union([z.literal(16), z.literal(32), z.literal(64), z.literal(128)]).optional(),
    /** Image channels. Default 3. */
    channels: z.union([z.literal(1), z.literal(3)]).optional(),
    /** Size of z. Default 100 (mlp on points: 8). */
    latentSize: z.number().int().min(1).max(1024).optional(),
    /** ngf = ndf for conv presets (default 64); hidden units for mlp (default 256). */
    baseWidth: z.number().int().min(1).max(1024).optional(),
    /** Classes: cdcgan defaults to 10; mlp is conditional when > 0; dcgan ignores it. */
    numClasses: z.number().int().min(0).max(1000).optional(),
    /** mlp only: 2-D points (default) or flattened images. */
    data: z.enum(['points', 'image']).optional(),
    /** cdcgan only: how D sees the label. Default projection. */
    discriminatorConditioning: z.enum(['projection', 'concat']).optional(),
  })
  .strict();
export type PresetOptions = z.infer<typeof PresetOptions>;

const MAX_FILTERS = 2048;
const MAX_UNITS = 8192;
const G_EMBEDDING = 50;
const D_EMBEDDING = 16;

/**
 * A ready-made spec. Throws (a ZodError) on options outside their bounds: presets are picked from a list,
 * so a bad option is a programming error, not a person's.
 */
export function createPreset(name: PresetName, options: PresetOptions = {}): ArchitectureSpec {
  const o = PresetOptions.parse(options);
  if (name === 'mlp') return mlpPreset(o);
  const numClasses = name === 'cdcgan' ? (o.numClasses ?? 10) : 0;
  return dcganPreset(name, o, numClasses);
}

/**
 * DCGAN (Radford et al. 2016). G: project z to 4×4×(ngf·2^(n−1)), then n−1 transposed convs (kernel 4,
 * stride 2) halving the width, each with BatchNorm + ReLU, and a tanh output deconv; n = log2(side/4).
 * D mirrors it: n strided convs doubling from ndf with LeakyReLU 0.2 and BatchNorm on all but the
 * first, then flatten and a dense logit (the 4×4 valid conv of the paper, as a dense layer).
 */
function dcganPreset(name: 'dcgan' | 'cdcgan', o: PresetOptions, numClasses: number): ArchitectureSpec {
  const side = o.resolution ?? 32;
  const channels = o.channels ?? 3;
  const width = o.baseWidth ?? 64;
  const n = Math.log2(side / 4);
  const filters = (power: number) => Math.min(width * 2 ** power, MAX_FILTERS);

  const generator: GeneratorBlock[] = [
    { type: 'project', height: 4, width: 4, channels: filters(n - 1), norm: 'batch', activation: 'relu' },
  ];
  for (let i = 1; i < n; i += 1) {
    generator.push({
      type: 'deconv',
      filters: filters(n - 1 - i),
      kernel: 4,
      stride: 2,
      norm: 'batch',
      activation: 'relu',
    });
  }
  generator.push({ type: 'output', kernel: 4, stride: 2, norm: 'none', activation: 'tanh' });

  const discriminator: DiscriminatorBlock[] = [];
  for (let i = 0; i < n; i += 1) {
    discriminator.push({
      type: 'conv',
      filters: filters(i),
      kernel: 4,
      stride: 2,
      norm: i === 0 ? 'none' : 'batch',
      activation: 'leakyRelu',
      dropout: 0,
    });
  }
  discriminator.push({ type: 'flatten' }, { type: 'output', norm: 'none' });

  const conditional = numClasses > 0;
  return {
    version: ARCHITECTURE_VERSION,
    preset: name,
    latentSize: o.latentSize ?? 100,
    data: { kind: 'image', height: side, width: side, channels },
    numClasses,
    generator: {
      conditioning: conditional ? 'embedding' : 'none',
      embeddingSize: G_EMBEDDING,
      blocks: generator,
    },
    discriminator: {
      conditioning: conditional ? (o.discriminatorConditioning ?? 'projection') : 'none',
      embeddingSize: D_EMBEDDING,
      packing: 1,
      minibatchStd: false,
      blocks: discriminator,
    },
  };
}

/**
 * Fully connected G and D. On 2-D points (ring8, grid25): three hidden layers of `baseWidth` (256)
 * units, ReLU in G and LeakyReLU in D, linear output — wide enough to cover 25 modes. On images (the
 * classic MNIST MLP GAN): G widens w, 2w, 4w with BatchNorm and ReLU to a tanh output; D flattens and
 * narrows 4w, 2w, w with LeakyReLU and dropout 0.3.
 */
function mlpPreset(o: PresetOptions): ArchitectureSpec {
  const width = o.baseWidth ?? 256;
  const units = (factor: number) => Math.min(width * factor, MAX_UNITS);
  const numClasses = o.numClasses ?? 0;
  const conditional = numClasses > 0;
  const points = (o.data ?? 'points') === 'points';
  const side = o.resolution ?? 32;
  const data: DataShape = points
    ? { kind: 'points', dims: 2 }
    : { kind: 'image', height: side, width: side, channels: o.channels ?? 3 };

  const gFactors = points ? [1, 1, 1] : [1, 2, 4];
  const generator: GeneratorBlock[] = gFactors.map((factor) => ({
    type: 'dense',
    units: units(factor),
    norm: points ? 'none' : 'batch',
    activation: 'relu',
    dropout: 0,
  }));
  generator.push({
    type: 'output',
    kernel: 1,
    stride: 1,
    norm: 'none',
    activation: points ? 'linear' : 'tanh',
  });

  const discriminator: DiscriminatorBlock[] = points ? [] : [{ type: 'flatten' }];
  for (const factor of points ? [1, 1, 1] : [4, 2, 1]) {
    discriminator.push({
      type: 'dense',
      units: units(factor),
      norm: 'none',
      activation: 'leakyRelu',
      dropout: points ? 0 : 0.3,
    });
  }
  discriminator.push({ type: 'output', norm: 'none' });

  return {
    version: ARCHITECTURE_VERSION,
    preset: 'mlp',
    latentSize: o.latentSize ?? (points ? 8 : 100),
    data,
    numClasses,
    generator: {
      conditioning: conditional ? 'embedding' : 'none',
      embeddingSize: G_EMBEDDING,
      blocks: generator,
    },
    discriminator: {
      // CGAN (Mirza & Osindero): the label joins the input of both networks.
      conditioning: conditional ? 'concat' : 'none',
      embeddingSize: D_EMBEDDING,
      packing: 1,
      minibatchStd: false,
      blocks: discriminator,
    },
  };
}
