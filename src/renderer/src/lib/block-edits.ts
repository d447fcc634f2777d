import type {
  ArchitectureReport,
  BlockType,
  DiscriminatorBlock,
  GeneratorBlock,
  LayerRow,
  NetworkName,
} from '@shared/engine/architecture';

/**
 * The architecture editor's edits, as pure functions over block lists: the editor shows the result of
 * `validateArchitecture` after every one, so an edit may produce an invalid stack — the validator then
 * says what is wrong at the offending block instead of the editor refusing the edit.
 */
export type AnyBlock = GeneratorBlock | DiscriminatorBlock;

export const GENERATOR_BLOCK_TYPES = ['project', 'deconv', 'conv', 'dense', 'flatten', 'output'] as const;
export const DISCRIMINATOR_BLOCK_TYPES = ['conv', 'dense', 'flatten', 'output'] as const;

export const BLOCK_TITLES: Readonly<Record<BlockType, string>> = {
  project: 'Project and reshape',
  deconv: 'Transposed conv (upsample)',
  conv: 'Conv (downsample)',
  dense: 'Dense',
  flatten: 'Flatten',
  output: 'Output',
};

/** A sensible new block of a type, in the style of the presets (DCGAN choices). */
export function newBlock(network: NetworkName, type: BlockType): AnyBlock {
  const g = network === 'generator';
  switch (type) {
    case 'project':
      return { type, height: 4, width: 4, channels: 256, norm: 'batch', activation: 'relu' };
    case 'deconv':
      return { type, filters: 64, kernel: 4, stride: 2, norm: 'batch', activation: 'relu' };
    case 'conv':
      return {
        type,
        filters: 64,
        kernel: 4,
        stride: 2,
        norm: g ? 'batch' : 'none',
        activation: g ? 'relu' : 'leakyRelu',
        dropout: 0,
      };
    case 'dense':
      return { type, units: 256, norm: 'none', activation: g ? 'relu' : 'leakyRelu', dropout: 0 };
    case 'flatten':
      return { type };
    case 'output':
      return g ? { type, kernel: 4, stride: 2, norm: 'none', activation: 'tanh' } : { type, norm: 'none' };
  }
}

/** Inserts before the last block (the output stays last), or at the end when there is none. */
export function addBlock<B extends AnyBlock>(blocks: readonly B[], block: B): B[] {
  const outputAt = blocks.findIndex((b) => b.type === 'output');
  const at = block.type === 'output' || outputAt < 0 ? blocks.length : outputAt;
  return [...blocks.slice(0, at), block, ...blocks.slice(at)];
}

export function removeBlock<B extends AnyBlock>(blocks: readonly B[], index: number): B[] {
  return blocks.filter((_, i) => i !== index);
}

/** Swaps a block with its neighbour (delta −1: up, +1: down); out-of-range moves change nothing. */
export function moveBlock<B extends AnyBlock>(blocks: readonly B[], index: number, delta: -1 | 1): B[] {
  const to = index + delta;
  if (index < 0 || index >= blocks.length || to < 0 || to >= blocks.length) return [...blocks];
  const next = [...blocks];
  [next[index], next[to]] = [next[to]!, next[index]!];
  return next;
}

export function updateBlock<B extends AnyBlock>(blocks: readonly B[], index: number, patch: Partial<B>): B[] {
  return blocks.map((block, i) => (i === index ? ({ ...block, ...patch } as B) : block));
}

export interface BlockSummary {
  /** Shape after the block's last layer, or null when inference stopped before it. */
  readonly outputShape: readonly number[] | null;
  readonly params: number;
  readonly layers: readonly LayerRow[];
}

/** Per block (1-based in the report, 0-based here): its layers, output shape and parameter count. */
export function summariseBlocks(
  report: ArchitectureReport,
  network: NetworkName,
  blockCount: number,
): BlockSummary[] {
  const rows = report[network].layers;
  return Array.from({ length: blockCount }, (_, i) => {
    const layers = rows.filter((row) => row.block === i + 1);
    return {
      layers,
      outputShape: layers.at(-1)?.outputShape ?? null,
      params: layers.reduce((sum, row) => sum + row.params, 0),
    };
  });
}
