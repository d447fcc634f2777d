import * as tfl from '@tensorflow/tfjs-layers';
import {
  validateArchitecture,
  type ArchitectureSpec,
  type NetworkReport,
} from '../../../shared/engine/architecture';
import { deriveSeed } from '../random';
import { createLayer } from './create-layer';

export interface BuildOptions {
  /** Same seed → identical initial weights. */
  readonly seed: number;
}

/**
 * G as a functional model: inputs [z] ([N, latentSize]) or [z, labels] (labels int32 class indices,
 * [N] or [N, 1]); output [N, H, W, C] images or [N, dims] points.
 * Throws when the spec has errors (validate it first to show them to a person).
 */
export function buildGenerator(spec: ArchitectureSpec, options: BuildOptions): tfl.LayersModel {
  return buildNetwork(networkOf(spec, 'generator'), options.seed, 'generator');
}

/**
 * D as a functional model: inputs [x] or [x, labels], x packed by `packForDiscriminator`
 * ([N/m, H, W, C·m] or [N/m, dims·m]) and labels by `packLabels`; output one raw logit (critic score)
 * per packed sample, [N/m, 1]. Throws when the spec has errors.
 */
export function buildDiscriminator(spec: ArchitectureSpec, options: BuildOptions): tfl.LayersModel {
  return buildNetwork(networkOf(spec, 'discriminator'), options.seed, 'discriminator');
}

function networkOf(spec: ArchitectureSpec, network: 'generator' | 'discriminator'): NetworkReport {
  const report = validateArchitecture(spec);
  if (!report.ok) {
    throw new Error(`The architecture has errors: ${report.errors.map((e) => e.message).join('; ')}.`);
  }
  return report[network];
}

/** Creates one tfjs layer per validator row and wires them by name, so names and shapes match it. */
function buildNetwork(report: NetworkReport, seed: number, name: string): tfl.LayersModel {
  const tensors = new Map<string, tfl.SymbolicTensor>();
  const get = (row: string): tfl.SymbolicTensor => {
    const tensor = tensors.get(row);
    if (!tensor) throw new Error(`layer ${row} is used before it is defined`);
    return tensor;
  };
  for (const row of report.layers) {
    const { layer } = row;
    if (layer.op === 'input') {
      tensors.set(row.name, tfl.input({ name: row.name, shape: [...row.outputShape], dtype: layer.dtype }));
      continue;
    }
    const [first, ...rest] = row.inputs.map(get);
    if (!first) throw new Error(`layer ${row.name} has no inputs`);
    // Each layer draws its own stream, named after the layer, so two builds with one seed are identical.
    const created = createLayer(row.name, layer, deriveSeed(seed, row.name));
    const output = created.apply(rest.length === 0 ? first : [first, ...rest]);
    if (!(output instanceof tfl.SymbolicTensor)) throw new Error(`layer ${row.name} gave several outputs`);
    tensors.set(row.name, output);
  }
  if (report.output === null) throw new Error(`the ${name} has no output`);
  return tfl.model({ name, inputs: report.inputs.map(get), outputs: get(report.output) });
}
