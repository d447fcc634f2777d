import type { Activation, BlockType } from './architecture-schema';

/**
 * What `validateArchitecture` infers: one row per tfjs layer, in an order where every layer comes after
 * its inputs. The engine builds its models from these rows (so names, shapes and parameter counts of
 * the built model are the validator's by construction) and the editor shows them.
 */
export type NetworkName = 'generator' | 'discriminator';

/** The tfjs layer a row stands for, with everything needed to create it. */
export type LayerOp =
  | { readonly op: 'input'; readonly dtype: 'float32' | 'int32' }
  | {
      readonly op: 'dense';
      readonly units: number;
      readonly useBias: boolean;
      /** Kernel divided by its largest singular value (a custom layer with a non-trainable `u`). */
      readonly spectral: boolean;
    }
  | {
      readonly op: 'conv2d' | 'conv2dTranspose';
      readonly filters: number;
      readonly kernel: number;
      readonly stride: number;
      readonly useBias: boolean;
      readonly spectral: boolean;
    }
  | { readonly op: 'reshape'; readonly targetShape: readonly number[] }
  | { readonly op: 'flatten' }
  /** Batch normalisation over all axes but the last (momentum 0.9, ε = 1e-5, as PyTorch's defaults). */
  | { readonly op: 'batchNorm' }
  /** Per-sample normalisation: `layer` over all features, `instance` over pixels, per channel. */
  | { readonly op: 'channelNorm'; readonly mode: 'layer' | 'instance' }
  | { readonly op: 'activation'; readonly activation: Exclude<Activation, 'linear'> }
  | { readonly op: 'dropout'; readonly rate: number }
  /** Class index → learned vector (a one-hot matmul, so its gradient needs no scatter kernel). */
  | {
      readonly op: 'labelEmbedding';
      readonly numClasses: number;
      readonly size: number;
      /** Standard deviation of the normal initialiser. */
      readonly stddev: number;
    }
  | { readonly op: 'concatenate' }
  /** Nearest-neighbour upsampling by an integer factor (tiles a 1×1 map to height×width). */
  | { readonly op: 'upsample'; readonly height: number; readonly width: number }
  | { readonly op: 'minibatchStd' }
  /** Inner product of two vectors per sample → [1]. */
  | { readonly op: 'dot' }
  | { readonly op: 'add' };

export interface LayerRow {
  /** Unique within the network, e.g. `g_block2_deconv`, `d_block1_act`, `g_z`. */
  readonly name: string;
  /** 1-based index of the block this layer belongs to; null for inputs and conditioning layers. */
  readonly block: number | null;
  readonly blockType: BlockType | null;
  readonly layer: LayerOp;
  /** Names of the rows this layer takes as inputs, in order. */
  readonly inputs: readonly string[];
  /** Shape of one sample (no batch axis): [height, width, channels] or [features]. */
  readonly outputShape: readonly number[];
  /** Counted as tfjs counts them (`countParams()`), e.g. batch norm: 4 per channel, 2 trainable. */
  readonly params: number;
  readonly trainableParams: number;
}

export interface NetworkReport {
  /** Names of the input rows in the order the model takes its inputs: [z] / [z, labels], [x] / [x, labels]. */
  readonly inputs: readonly string[];
  /** The row whose output is the network's output; null when inference stopped before it. */
  readonly output: string | null;
  readonly layers: readonly LayerRow[];
  readonly outputShape: readonly number[] | null;
  readonly params: number;
  readonly trainableParams: number;
}

export interface ArchitectureIssue {
  /** null for problems of the spec as a whole. */
  readonly network: NetworkName | null;
  readonly block: number | null;
  readonly blockType: BlockType | null;
  /** A sentence a person can act on, naming the network and block. */
  readonly message: string;
}

export interface ArchitectureReport {
  /** True when there are no errors: the engine can build both networks. */
  readonly ok: boolean;
  readonly generator: NetworkReport;
  readonly discriminator: NetworkReport;
  readonly errors: readonly ArchitectureIssue[];
  /** Legal but probably unintended choices. */
  readonly warnings: readonly ArchitectureIssue[];
}

/** `4×4×512` or `100`. */
export function formatShape(shape: readonly number[]): string {
  return shape.join('×');
}

/** "a 4×4×512 feature map" / "a flat vector of 100 values". */
export function describeShape(shape: readonly number[]): string {
  return shape.length === 1
    ? `a flat vector of ${shape[0] ?? 0} values`
    : `a ${formatShape(shape)} feature map`;
}
