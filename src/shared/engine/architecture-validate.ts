import type { z } from 'zod';
import { applyDiscriminatorOutput, applyGeneratorOutput, applyHiddenBlock } from './architecture-blocks';
import { NetworkGraph, type BlockRef, type Flow } from './architecture-graph';
import type {
  ArchitectureIssue,
  ArchitectureReport,
  NetworkName,
  NetworkReport,
} from './architecture-report';
import { ArchitectureSpec, DiscriminatorBlock, GeneratorBlock, type BlockType } from './architecture-schema';

/** Beyond this a network will not train in reasonable time on the machines the studio targets. */
const LARGE_NETWORK_PARAMS = 100_000_000;

/**
 * Pure shape inference: every layer's output shape and parameter count, network totals, and the
 * problems found, each naming the network and block. Never throws — an impossible spec returns errors.
 */
export function validateArchitecture(spec: ArchitectureSpec): ArchitectureReport {
  const parsed = ArchitectureSpec.safeParse(spec);
  if (!parsed.success) return failed(describeSchemaIssues(spec, parsed.error));
  try {
    return inferArchitecture(parsed.data);
  } catch (error) {
    // A bug here must not take the editor down; say so instead.
    const message = `the architecture could not be analysed (${error instanceof Error ? error.message : String(error)})`;
    return failed([{ network: null, block: null, blockType: null, message }]);
  }
}

function inferArchitecture(spec: ArchitectureSpec): ArchitectureReport {
  const g = new NetworkGraph('generator');
  const d = new NetworkGraph('discriminator');
  checkConditioning(spec, g, d);
  const generator = inferGenerator(spec, g);
  const discriminator = inferDiscriminator(spec, d);
  for (const [graph, report] of [
    [g, generator],
    [d, discriminator],
  ] as const) {
    if (report.params > LARGE_NETWORK_PARAMS) {
      graph.warn(
        null,
        `${report.params.toLocaleString('en-US')} parameters will train very slowly and may not fit in memory; use narrower blocks`,
      );
    }
  }
  const errors = [...g.errors, ...d.errors];
  return {
    ok: errors.length === 0,
    generator,
    discriminator,
    errors,
    warnings: [...g.warnings, ...d.warnings],
  };
}

function checkConditioning(spec: ArchitectureSpec, g: NetworkGraph, d: NetworkGraph): void {
  const gConditioned = spec.generator.conditioning !== 'none';
  const dConditioned = spec.discriminator.conditioning !== 'none';
  const fix = 'set numClasses above 0 or conditioning to none';
  if (spec.numClasses === 0) {
    if (gConditioned) g.error(null, `label conditioning needs classes; ${fix}`);
    if (dConditioned) d.error(null, `label conditioning needs classes; ${fix}`);
    return;
  }
  if (spec.numClasses === 1)
    g.warn(null, 'one class makes conditioning pointless; use an unconditional model');
  if (!gConditioned && !dConditioned) {
    g.warn(null, `the data have ${spec.numClasses} classes but neither network sees the labels`);
  } else if (!dConditioned) {
    d.warn(
      null,
      'the generator is conditioned on labels but the discriminator is not, so nothing ties samples to their label',
    );
  } else if (!gConditioned) {
    g.warn(
      null,
      'the discriminator is conditioned on labels but the generator is not, so it cannot choose a class',
    );
  }
}

function inferGenerator(spec: ArchitectureSpec, g: NetworkGraph): NetworkReport {
  const z = g.add('g_z', { op: 'input', dtype: 'float32' }, [], [spec.latentSize]);
  const inputs = [z.name];
  let x: Flow = z;
  const { numClasses } = spec;
  if (spec.generator.conditioning === 'embedding' && numClasses > 0) {
    // CGAN: G(z, y) = G([z; embed(y)]).
    const size = spec.generator.embeddingSize;
    const labels = g.add('g_labels', { op: 'input', dtype: 'int32' }, [], [1]);
    inputs.push(labels.name);
    const embedding = g.add(
      'g_label_embedding',
      // N(0, 1) like z, so the label weighs as much as the noise from the first step.
      { op: 'labelEmbedding', numClasses, size, stddev: 1 },
      [labels],
      [size],
      null,
      numClasses * size,
    );
    x = g.add('g_concat', { op: 'concatenate' }, [z, embedding], [spec.latentSize + size]);
  }
  const output = runBlocks(g, spec.generator.blocks, x, (block, ref, flow) =>
    block.type === 'output'
      ? applyGeneratorOutput(g, block, ref, flow, spec.data)
      : applyHiddenBlock(g, block, ref, flow, spec.data),
  );
  return summarise(g, inputs, output);
}

function inferDiscriminator(spec: ArchitectureSpec, d: NetworkGraph): NetworkReport {
  const { data, numClasses } = spec;
  const { packing, conditioning, embeddingSize } = spec.discriminator;
  // PacGAN: m samples side by side on the last axis.
  const xShape =
    data.kind === 'image' ? [data.height, data.width, data.channels * packing] : [data.dims * packing];
  const input = d.add('d_x', { op: 'input', dtype: 'float32' }, [], xShape);
  const inputs = [input.name];
  let labels: Flow | null = null;
  if (conditioning !== 'none' && numClasses > 0) {
    labels = d.add('d_labels', { op: 'input', dtype: 'int32' }, [], [1]);
    inputs.push(labels.name);
  }
  let x: Flow = input;
  if (conditioning === 'concat' && labels) {
    const op = { op: 'labelEmbedding', numClasses, size: embeddingSize, stddev: 1 } as const;
    let y = d.add('d_label_embedding', op, [labels], [embeddingSize], null, numClasses * embeddingSize);
    if (data.kind === 'image') {
      // Tile the embedding over the image: [E] → [1, 1, E] → [H, W, E].
      const one = [1, 1, embeddingSize];
      y = d.add('d_label_reshape', { op: 'reshape', targetShape: one }, [y], one);
      const { height, width } = data;
      y = d.add('d_label_maps', { op: 'upsample', height, width }, [y], [height, width, embeddingSize]);
    }
    const joined = [...xShape.slice(0, -1), (xShape[xShape.length - 1] ?? 0) + embeddingSize];
    x = d.add('d_concat', { op: 'concatenate' }, [input, y], joined);
  }
  let minibatchStdPending = spec.discriminator.minibatchStd;
  const projection = conditioning === 'projection' && labels ? { labels, numClasses } : null;
  const output = runBlocks(d, spec.discriminator.blocks, x, (block, ref, flow) => {
    let y = flow;
    if (minibatchStdPending && (block.type === 'flatten' || block.type === 'output')) {
      minibatchStdPending = false;
      const shape = [...y.shape.slice(0, -1), (y.shape[y.shape.length - 1] ?? 0) + 1];
      y = d.add('d_minibatch_std', { op: 'minibatchStd' }, [y], shape);
    }
    return block.type === 'output'
      ? applyDiscriminatorOutput(d, block, ref, y, projection)
      : applyHiddenBlock(d, block, ref, y, data);
  });
  return summarise(d, inputs, output);
}

/** Runs the block stack; stops at the first block that cannot take its input. */
function runBlocks<B extends { readonly type: BlockType }>(
  graph: NetworkGraph,
  blocks: readonly B[],
  start: Flow,
  apply: (block: B, ref: BlockRef, x: Flow) => Flow | null,
): Flow | null {
  const outputAt = blocks.findIndex((block) => block.type === 'output');
  if (outputAt === -1) return graph.error(null, 'the last block must be an output block; add one');
  if (outputAt !== blocks.length - 1) {
    return graph.error(
      { index: outputAt + 1, type: 'output' },
      'the output block must be the last block; move it to the end or remove the blocks after it',
    );
  }
  let x: Flow | null = start;
  blocks.forEach((block, i) => {
    if (x) x = apply(block, { index: i + 1, type: block.type }, x);
  });
  return x;
}

function summarise(graph: NetworkGraph, inputs: readonly string[], output: Flow | null): NetworkReport {
  return {
    inputs,
    output: output?.name ?? null,
    layers: graph.rows,
    outputShape: output?.shape ?? null,
    ...graph.totals(),
  };
}

const emptyNetwork: NetworkReport = {
  inputs: [],
  output: null,
  layers: [],
  outputShape: null,
  params: 0,
  trainableParams: 0,
};

function failed(errors: ArchitectureIssue[]): ArchitectureReport {
  return { ok: false, generator: emptyNetwork, discriminator: emptyNetwork, errors, warnings: [] };
}

/** Schema issues as sentences that name the block: "discriminator block 3 (conv): kernel: …". */
function describeSchemaIssues(spec: unknown, error: z.ZodError): ArchitectureIssue[] {
  return error.issues.map((issue): ArchitectureIssue => {
    const [first, second, third, ...rest] = issue.path;
    const network = first === 'generator' || first === 'discriminator' ? first : null;
    if (network && second === 'blocks' && typeof third === 'number') {
      const type = blockTypeAt(spec, network, third);
      const label = type ? ` (${type})` : '';
      // zod calls the `type` mismatch an "invalid discriminator value": confusing in a GAN studio.
      const problem =
        rest.join('.') === 'type' && type === null
          ? `unknown block type; use one of ${(network === 'generator' ? G_BLOCK_TYPES : D_BLOCK_TYPES).join(', ')}`
          : `${rest.length > 0 ? `${rest.join('.')}: ` : ''}${issue.message}`;
      return {
        network,
        block: third + 1,
        blockType: type,
        message: `${network} block ${third + 1}${label}: ${problem}`,
      };
    }
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { network, block: null, blockType: null, message: `${where}${issue.message}` };
  });
}

const G_BLOCK_TYPES = GeneratorBlock.options.map((option) => option.shape.type.value);
const D_BLOCK_TYPES = DiscriminatorBlock.options.map((option) => option.shape.type.value);

function blockTypeAt(spec: unknown, network: NetworkName, index: number): BlockType | null {
  const known: readonly string[] = network === 'generator' ? G_BLOCK_TYPES : D_BLOCK_TYPES;
  const blocks = (spec as Record<string, { blocks?: unknown } | undefined> | null)?.[network]?.blocks;
  const block: unknown = Array.isArray(blocks) ? blocks[index] : undefined;
  const type = typeof block === 'object' && block !== null ? (block as { type?: unknown }).type : undefined;
  return typeof type === 'string' && known.includes(type) ? (type as BlockType) : null;
}
