import { z } from 'zod';

/**
 * The declarative, versioned description of a GAN's two networks. A run stores it whole (inside its
 * training config); the architecture editor edits its block stacks; `validateArchitecture` infers every
 * layer's shape from it and the engine builds tfjs models from that inference, so what the editor shows
 * is what trains.
 *
 * Blocks are numbered from 1 in messages and layer names (`g_block2_deconv` is the generator's second
 * block). Every conv and deconv uses `same` padding: a conv's output is ⌈in / stride⌉, a deconv's
 * in × stride.
 */
export const ARCHITECTURE_VERSION = 1;

const int = (min: number, max: number) => z.number().int().min(min).max(max);

export const PRESET_NAMES = ['dcgan', 'cdcgan', 'mlp'] as const;
export const PresetName = z.enum(PRESET_NAMES);
export type PresetName = z.infer<typeof PresetName>;

/**
 * `spectral` divides the block's kernel by its largest singular value (Miyato et al. 2018) instead of
 * adding a normalisation layer; `layer` normalises each sample over all its features, `instance` each
 * sample's channels over their pixels (both with a learned per-channel scale and shift).
 */
export const NORMALIZATIONS = ['batch', 'layer', 'instance', 'spectral', 'none'] as const;
export const Normalization = z.enum(NORMALIZATIONS);
export type Normalization = z.infer<typeof Normalization>;

/** `leakyRelu` uses slope 0.2 for negative inputs (DCGAN); `swish` is x·sigmoid(x). */
export const ACTIVATIONS = ['relu', 'leakyRelu', 'tanh', 'linear', 'elu', 'swish'] as const;
export const Activation = z.enum(ACTIVATIONS);
export type Activation = z.infer<typeof Activation>;

const dropout = z.number().min(0).max(0.9);
const filters = int(1, 2048);
const kernel = int(1, 9);
const stride = int(1, 4);

/** Dense layer to height·width·channels values, reshaped to a feature map: the usual first G block. */
export const ProjectBlock = z
  .object({
    type: z.literal('project'),
    height: int(1, 64),
    width: int(1, 64),
    channels: int(1, 4096),
    norm: Normalization,
    activation: Activation,
  })
  .strict();
export type ProjectBlock = z.infer<typeof ProjectBlock>;

/** Transposed convolution (upsampling by `stride`). */
export const DeconvBlock = z
  .object({ type: z.literal('deconv'), filters, kernel, stride, norm: Normalization, activation: Activation })
  .strict();
export type DeconvBlock = z.infer<typeof DeconvBlock>;

/** Convolution (downsampling by `stride`); dropout after the activation when > 0. */
export const ConvBlock = z
  .object({
    type: z.literal('conv'),
    filters,
    kernel,
    stride,
    norm: Normalization,
    activation: Activation,
    dropout,
  })
  .strict();
export type ConvBlock = z.infer<typeof ConvBlock>;

/** Fully connected layer on a flat vector; dropout after the activation when > 0. */
export const DenseBlock = z
  .object({
    type: z.literal('dense'),
    units: int(1, 8192),
    norm: Normalization,
    activation: Activation,
    dropout,
  })
  .strict();
export type DenseBlock = z.infer<typeof DenseBlock>;

/** Feature map → flat vector. */
export const FlattenBlock = z.object({ type: z.literal('flatten') }).strict();
export type FlattenBlock = z.infer<typeof FlattenBlock>;

/**
 * The generator's last block: on a feature map, a transposed convolution to the data's channels with
 * `kernel` and `stride`; on a flat vector, a dense layer to every value of a sample (reshaped to
 * height×width×channels for images), where kernel and stride play no part. Images want `tanh`
 * (pixels are scaled to [−1, 1]); points want `linear`.
 */
export const GeneratorOutputBlock = z
  .object({
    type: z.literal('output'),
    kernel,
    stride,
    norm: z.enum(['spectral', 'none']),
    activation: Activation,
  })
  .strict();
export type GeneratorOutputBlock = z.infer<typeof GeneratorOutputBlock>;

/** The discriminator's last block: a dense layer from a flat vector to one raw logit (critic score). */
export const DiscriminatorOutputBlock = z
  .object({ type: z.literal('output'), norm: z.enum(['spectral', 'none']) })
  .strict();
export type DiscriminatorOutputBlock = z.infer<typeof DiscriminatorOutputBlock>;

export const GeneratorBlock = z.discriminatedUnion('type', [
  ProjectBlock,
  DeconvBlock,
  ConvBlock,
  DenseBlock,
  FlattenBlock,
  GeneratorOutputBlock,
]);
export type GeneratorBlock = z.infer<typeof GeneratorBlock>;

export const DiscriminatorBlock = z.discriminatedUnion('type', [
  ConvBlock,
  DenseBlock,
  FlattenBlock,
  DiscriminatorOutputBlock,
]);
export type DiscriminatorBlock = z.infer<typeof DiscriminatorBlock>;

export type BlockType = GeneratorBlock['type'] | DiscriminatorBlock['type'];

export const DataShape = z.discriminatedUnion('kind', [
  z
    .object({ kind: z.literal('image'), height: int(4, 512), width: int(4, 512), channels: int(1, 4) })
    .strict(),
  /** Vectors, e.g. the 2-D Gaussian mixtures ring8 and grid25. */
  z.object({ kind: z.literal('points'), dims: int(1, 64) }).strict(),
]);
export type DataShape = z.infer<typeof DataShape>;

export const ArchitectureSpec = z
  .object({
    version: z.literal(ARCHITECTURE_VERSION),
    /** The preset this spec started from (a label; edits do not change it). */
    preset: PresetName,
    /** Size of z ~ N(0, I). */
    latentSize: int(1, 1024),
    data: DataShape,
    /** Classes of a conditional GAN; 0 = unconditional. */
    numClasses: int(0, 1000),
    generator: z
      .object({
        /** `embedding`: a learned label embedding of `embeddingSize` values is concatenated to z (CGAN). */
        conditioning: z.enum(['none', 'embedding']),
        embeddingSize: int(1, 512),
        blocks: z.array(GeneratorBlock).min(1).max(32),
      })
      .strict(),
    discriminator: z
      .object({
        /**
         * `projection` (Miyato & Koyama 2018): logit = ψ(φ(x)) + ⟨embed(y), φ(x)⟩ with φ(x) the input
         * of the output block; `concat`: a learned label embedding of `embeddingSize` values is
         * concatenated to the input (tiled as feature maps for images).
         */
        conditioning: z.enum(['none', 'projection', 'concat']),
        embeddingSize: int(1, 512),
        /** PacGAN: m samples judged jointly, concatenated on the channel (image) or feature (point) axis. */
        packing: int(1, 4),
        /**
         * Appends one feature map (one feature for vectors) holding the mean over features of the
         * standard deviation over the batch (ProGAN), before the first flatten block (or the output).
         */
        minibatchStd: z.boolean(),
        blocks: z.array(DiscriminatorBlock).min(1).max(32),
      })
      .strict(),
  })
  .strict();
export type ArchitectureSpec = z.infer<typeof ArchitectureSpec>;
