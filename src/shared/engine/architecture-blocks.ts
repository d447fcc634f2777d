import {
  MAX_FEATURE_MAP_SIDE,
  usesBias,
  type BlockRef,
  type Flow,
  type NetworkGraph,
} from './architecture-graph';
import { describeShape, formatShape } from './architecture-report';
import type {
  DataShape,
  DiscriminatorBlock,
  DiscriminatorOutputBlock,
  GeneratorBlock,
  GeneratorOutputBlock,
} from './architecture-schema';

type HiddenBlock = Exclude<GeneratorBlock | DiscriminatorBlock, { type: 'output' }>;

/** What to tell a person whose feature-map block got a flat vector. */
function needsMapHint(g: NetworkGraph, data: DataShape): string {
  if (g.network === 'generator') return 'put a project block before it';
  if (data.kind === 'points') return 'the data are points, so use dense blocks';
  return 'conv blocks must come before the flatten block';
}

/**
 * Adds the rows of one hidden block. Returns the block's output, or null when the block cannot take its
 * input (the error is recorded and inference of this network stops there).
 */
export function applyHiddenBlock(
  g: NetworkGraph,
  block: HiddenBlock,
  ref: BlockRef,
  x: Flow,
  data: DataShape,
): Flow | null {
  const flatHint = 'add a flatten block before it';
  switch (block.type) {
    case 'project': {
      if (!g.requireRank(ref, x, 1, flatHint)) return null;
      const { height, width, channels, norm } = block;
      const dense = g.dense(
        ref,
        'project',
        x,
        height * width * channels,
        usesBias(norm),
        norm === 'spectral',
      );
      const target = [height, width, channels];
      const map = g.add(
        g.blockName(ref, 'reshape'),
        { op: 'reshape', targetShape: target },
        [dense],
        target,
        ref,
      );
      return g.normActDrop(ref, map, norm, block.activation, 0);
    }
    case 'deconv':
    case 'conv': {
      if (!g.requireRank(ref, x, 3, needsMapHint(g, data))) return null;
      const [h = 0, w = 0] = x.shape;
      const { filters, kernel, stride, norm } = block;
      if (block.type === 'deconv' && Math.max(h, w) * stride > MAX_FEATURE_MAP_SIDE) {
        return g.error(
          ref,
          `the output would be ${h * stride}×${w * stride}, larger than ${MAX_FEATURE_MAP_SIDE}×${MAX_FEATURE_MAP_SIDE}; remove the block or use stride 1`,
        );
      }
      if (block.type === 'conv' && stride > 1 && (h < kernel || w < kernel)) {
        // `same` padding would still run, but the kernel mostly sees padding: a sign of one block too many.
        g.error(
          ref,
          `the input is ${h}×${w}, too small for kernel ${kernel} with stride ${stride}; remove the block or use stride 1`,
        );
      }
      const kind = block.type === 'conv' ? 'conv2d' : 'conv2dTranspose';
      const settings = { filters, kernel, stride, useBias: usesBias(norm), spectral: norm === 'spectral' };
      const y = g.conv(ref, block.type, x, kind, settings);
      return g.normActDrop(ref, y, norm, block.activation, block.type === 'conv' ? block.dropout : 0);
    }
    case 'dense': {
      if (!g.requireRank(ref, x, 1, flatHint)) return null;
      const { units, norm } = block;
      const y = g.dense(ref, 'dense', x, units, usesBias(norm), norm === 'spectral');
      return g.normActDrop(ref, y, norm, block.activation, block.dropout);
    }
    case 'flatten': {
      if (x.shape.length !== 3) {
        return g.error(ref, `its input is already ${describeShape(x.shape)}; remove the block`);
      }
      const size = x.shape.reduce((a, b) => a * b, 1);
      return g.add(g.blockName(ref, 'flatten'), { op: 'flatten' }, [x], [size], ref);
    }
  }
}

/**
 * The generator's output block: a transposed conv to the data's channels on a feature map, or a dense
 * layer to every value of a sample on a flat vector (reshaped for images). Checks the result against
 * the data's shape.
 */
export function applyGeneratorOutput(
  g: NetworkGraph,
  block: GeneratorOutputBlock,
  ref: BlockRef,
  x: Flow,
  data: DataShape,
): Flow | null {
  const target = data.kind === 'image' ? [data.height, data.width, data.channels] : [data.dims];
  const spectral = block.norm === 'spectral';
  let y: Flow;
  if (x.shape.length === 3) {
    if (data.kind === 'points') {
      return g.error(
        ref,
        `the data are ${data.dims}-D points, but its input is ${describeShape(x.shape)}; add a flatten block before it`,
      );
    }
    const settings = {
      filters: data.channels,
      kernel: block.kernel,
      stride: block.stride,
      useBias: true,
      spectral,
    };
    y = g.conv(ref, 'output', x, 'conv2dTranspose', settings);
  } else {
    const units = target.reduce((a, b) => a * b, 1);
    y = g.dense(ref, 'output', x, units, true, spectral);
    if (data.kind === 'image') {
      y = g.add(g.blockName(ref, 'reshape'), { op: 'reshape', targetShape: target }, [y], target, ref);
    }
  }
  y = g.normActDrop(ref, y, 'none', block.activation, 0);
  if (formatShape(y.shape) !== formatShape(target)) {
    g.errors.push({
      network: 'generator',
      block: ref.index,
      blockType: 'output',
      message: `generator output is ${formatShape(y.shape)} but the data is ${formatShape(target)}; change the blocks so the last one produces ${formatShape(target)}`,
    });
  }
  if (data.kind === 'image' && block.activation !== 'tanh') {
    g.warn(
      ref,
      'images are scaled to [−1, 1], which a tanh output matches; other activations rarely train well',
    );
  }
  if (data.kind === 'points' && block.activation !== 'linear') {
    g.warn(ref, `a ${block.activation} output limits which points can be drawn; points usually want linear`);
  }
  return y;
}

/**
 * The discriminator's output block: dense to one raw logit. With projection conditioning (Miyato &
 * Koyama 2018) the logit is ψ(φ) + ⟨embed(y), φ⟩, φ being this block's input.
 */
export function applyDiscriminatorOutput(
  g: NetworkGraph,
  block: DiscriminatorOutputBlock,
  ref: BlockRef,
  x: Flow,
  projection: { labels: Flow; numClasses: number } | null,
): Flow | null {
  if (!g.requireRank(ref, x, 1, 'add a flatten block before it')) return null;
  const logit = g.dense(ref, 'output', x, 1, true, block.norm === 'spectral');
  if (!projection) return logit;
  const features = x.shape[0] ?? 0;
  const embedding = g.add(
    'd_projection_embedding',
    { op: 'labelEmbedding', numClasses: projection.numClasses, size: features, stddev: 0.02 },
    [projection.labels],
    [features],
    null,
    projection.numClasses * features,
  );
  const inner = g.add('d_projection', { op: 'dot' }, [x, embedding], [1]);
  return g.add('d_logit', { op: 'add' }, [logit, inner], [1]);
}
