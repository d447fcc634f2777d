import type { Activation, BlockType, Normalization } from './architecture-schema';
import {
  describeShape,
  type ArchitectureIssue,
  type LayerOp,
  type LayerRow,
  type NetworkName,
} from './architecture-report';

/** A layer output flowing to the next block: its row name and per-sample shape. */
export interface Flow {
  readonly name: string;
  readonly shape: readonly number[];
}

export interface BlockRef {
  /** 1-based. */
  readonly index: number;
  readonly type: BlockType;
}

/** Sizes past this are almost certainly a mistake (and would not fit in memory). */
export const MAX_FEATURE_MAP_SIDE = 1024;

const product = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const lastAxis = (shape: readonly number[]): number => shape[shape.length - 1] ?? 0;

/** Normalisations with their own shift make a bias before them redundant (DCGAN uses bias = False). */
export function usesBias(norm: Normalization): boolean {
  return norm !== 'batch' && norm !== 'layer' && norm !== 'instance';
}

/**
 * Accumulates the rows of one network, counting parameters as tfjs does, and the problems found.
 * Methods that cannot continue (the next shape is unknowable) record an error and return null.
 */
export class NetworkGraph {
  readonly rows: LayerRow[] = [];
  readonly errors: ArchitectureIssue[] = [];
  readonly warnings: ArchitectureIssue[] = [];
  readonly prefix: 'g' | 'd';

  constructor(readonly network: NetworkName) {
    this.prefix = network === 'generator' ? 'g' : 'd';
  }

  add(
    name: string,
    layer: LayerOp,
    inputs: readonly Flow[],
    outputShape: readonly number[],
    block: BlockRef | null = null,
    params = 0,
    trainableParams = params,
  ): Flow {
    this.rows.push({
      name,
      block: block?.index ?? null,
      blockType: block?.type ?? null,
      layer,
      inputs: inputs.map((flow) => flow.name),
      outputShape,
      params,
      trainableParams,
    });
    return { name, shape: outputShape };
  }

  error(block: BlockRef | null, problem: string): null {
    this.errors.push(this.issue(block, problem));
    return null;
  }

  warn(block: BlockRef | null, problem: string): void {
    this.warnings.push(this.issue(block, problem));
  }

  private issue(block: BlockRef | null, problem: string): ArchitectureIssue {
    const where = block ? `${this.network} block ${block.index} (${block.type})` : this.network;
    return {
      network: this.network,
      block: block?.index ?? null,
      blockType: block?.type ?? null,
      message: `${where}: ${problem}`,
    };
  }

  blockName(block: BlockRef, suffix: string): string {
    return `${this.prefix}_block${block.index}_${suffix}`;
  }

  /** Dense: kernel in·units, bias units, spectral `u` units (non-trainable). */
  dense(block: BlockRef, suffix: string, x: Flow, units: number, useBias: boolean, spectral: boolean): Flow {
    const trainable = product(x.shape) * units + (useBias ? units : 0);
    const params = trainable + (spectral ? units : 0);
    const op: LayerOp = { op: 'dense', units, useBias, spectral };
    return this.add(this.blockName(block, suffix), op, [x], [units], block, params, trainable);
  }

  /**
   * Conv (out = ⌈in / stride⌉) or transposed conv (out = in · stride), `same` padding.
   * Kernel k·k·in·filters, bias filters, spectral `u` filters (non-trainable).
   */
  conv(
    block: BlockRef,
    suffix: string,
    x: Flow,
    kind: 'conv2d' | 'conv2dTranspose',
    settings: { filters: number; kernel: number; stride: number; useBias: boolean; spectral: boolean },
  ): Flow {
    const [h = 0, w = 0, c = 0] = x.shape;
    const { filters, kernel, stride, useBias, spectral } = settings;
    const size = (side: number) => (kind === 'conv2d' ? Math.ceil(side / stride) : side * stride);
    const trainable = kernel * kernel * c * filters + (useBias ? filters : 0);
    const params = trainable + (spectral ? filters : 0);
    const op: LayerOp = { op: kind, filters, kernel, stride, useBias, spectral };
    const shape = [size(h), size(w), filters];
    return this.add(this.blockName(block, suffix), op, [x], shape, block, params, trainable);
  }

  /** Normalisation, activation and dropout after a block's main layer, each a row when present. */
  normActDrop(block: BlockRef, x: Flow, norm: Normalization, activation: Activation, dropout: number): Flow {
    let y = x;
    const channels = lastAxis(x.shape);
    if (norm === 'batch') {
      // gamma, beta (trainable), moving mean, moving variance — per channel.
      const op: LayerOp = { op: 'batchNorm' };
      y = this.add(this.blockName(block, 'norm'), op, [y], y.shape, block, 4 * channels, 2 * channels);
    } else if (norm === 'layer' || norm === 'instance') {
      if (norm === 'instance' && y.shape.length !== 3) {
        this.error(block, 'instance normalisation needs a feature map; use layer or batch normalisation');
      }
      const op: LayerOp = { op: 'channelNorm', mode: norm };
      y = this.add(this.blockName(block, 'norm'), op, [y], y.shape, block, 2 * channels);
    }
    if (activation !== 'linear') {
      y = this.add(this.blockName(block, 'act'), { op: 'activation', activation }, [y], y.shape, block);
    }
    if (dropout > 0) {
      y = this.add(this.blockName(block, 'dropout'), { op: 'dropout', rate: dropout }, [y], y.shape, block);
    }
    return y;
  }

  /** False (with the error recorded) when a block needs a flat vector and gets a map, or the reverse. */
  requireRank(block: BlockRef, x: Flow, rank: 1 | 3, hint: string): boolean {
    if (x.shape.length === rank) return true;
    const needs = rank === 1 ? 'a flat vector' : 'a feature map';
    this.error(block, `needs ${needs}, but its input is ${describeShape(x.shape)}; ${hint}`);
    return false;
  }

  totals(): { params: number; trainableParams: number } {
    let params = 0;
    let trainableParams = 0;
    for (const row of this.rows) {
      params += row.params;
      trainableParams += row.trainableParams;
    }
    return { params, trainableParams };
  }
}
