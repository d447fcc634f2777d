import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFolderAtomically } from '../../fs/atomic-folder';
import type { SavedTensor, TrainingState } from '../training-state';

/**
 * A checkpoint on disk: `runs/<id>/checkpoints/<step>/` holding `state.json` (step, RNG and data-order
 * state, and where each tensor lies) and `tensors.bin` (all tensors, little-endian, back to back).
 * Written atomically: a crash mid-write never leaves a checkpoint that looks complete.
 */
// Format 2 added the averaged generator's weights (`generatorEma`, empty when the run keeps none); a
// format-1 checkpoint reads as one without them.
const FORMAT_VERSION = 2;
const GROUPS = ['generator', 'discriminator', 'generatorEma', 'optimizerG', 'optimizerD'] as const;

interface TensorEntry {
  readonly name: string;
  readonly shape: number[];
  readonly dtype: 'float32' | 'int32';
  readonly byteOffset: number;
  readonly length: number;
}

interface StateFile {
  readonly formatVersion: number;
  readonly step: number;
  readonly configHash: string;
  readonly noiseRng: TrainingState['noiseRng'];
  readonly source: unknown;
  /** Format 1 has no `generatorEma`. */
  readonly tensors: Record<Exclude<(typeof GROUPS)[number], 'generatorEma'>, TensorEntry[]> & {
    readonly generatorEma?: TensorEntry[];
  };
}

export function checkpointFolder(runDir: string, step: number): string {
  return join(runDir, 'checkpoints', String(step));
}

/** Writes the checkpoint and answers its folder and size in bytes. */
export function writeCheckpoint(
  runDir: string,
  state: TrainingState,
  configHash: string,
): { folder: string; sizeBytes: number } {
  const entries: Record<string, TensorEntry[]> = {};
  const chunks: Uint8Array[] = [];
  let byteOffset = 0;
  for (const group of GROUPS) {
    entries[group] = state[group].map((t) => {
      const bytes = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
      chunks.push(bytes);
      const entry = { name: t.name, shape: t.shape, dtype: t.dtype, byteOffset, length: t.data.length };
      byteOffset += bytes.byteLength;
      return entry;
    });
  }
  const stateFile: StateFile = {
    formatVersion: FORMAT_VERSION,
    step: state.step,
    configHash,
    noiseRng: state.noiseRng,
    source: state.source,
    tensors: entries as StateFile['tensors'],
  };
  const folder = checkpointFolder(runDir, state.step);
  const tensors = Buffer.concat(chunks);
  writeFolderAtomically(folder, { 'state.json': JSON.stringify(stateFile), 'tensors.bin': tensors });
  return { folder, sizeBytes: tensors.byteLength };
}

export function readCheckpoint(folder: string, expectedConfigHash: string): TrainingState {
  const stateFile = JSON.parse(readFileSync(join(folder, 'state.json'), 'utf8')) as StateFile;
  if (stateFile.formatVersion !== FORMAT_VERSION && stateFile.formatVersion !== 1) {
    throw new Error(
      `checkpoint ${folder} has format ${stateFile.formatVersion}, this version reads ${FORMAT_VERSION}`,
    );
  }
  if (stateFile.configHash !== expectedConfigHash) {
    throw new Error(`checkpoint ${folder} belongs to a different configuration than this run`);
  }
  const bin = readFileSync(join(folder, 'tensors.bin'));
  const read = (entry: TensorEntry): SavedTensor => {
    const bytes = bin.subarray(entry.byteOffset, entry.byteOffset + entry.length * 4);
    if (bytes.byteLength !== entry.length * 4) throw new Error(`checkpoint ${folder} is truncated`);
    // Copy into an aligned buffer: a Buffer's offset into its pool need not be a multiple of 4.
    const copy = new Uint8Array(bytes).buffer;
    const data = entry.dtype === 'int32' ? new Int32Array(copy) : new Float32Array(copy);
    return { name: entry.name, shape: entry.shape, dtype: entry.dtype, data };
  };
  return {
    step: stateFile.step,
    generator: stateFile.tensors.generator.map(read),
    discriminator: stateFile.tensors.discriminator.map(read),
    generatorEma: (stateFile.tensors.generatorEma ?? []).map(read),
    optimizerG: stateFile.tensors.optimizerG.map(read),
    optimizerD: stateFile.tensors.optimizerD.map(read),
    noiseRng: stateFile.noiseRng,
    source: stateFile.source,
  };
}

/** The newest complete checkpoint of a run, or null. Temporary folders of an interrupted write are ignored. */
export function latestCheckpointFolder(runDir: string): { step: number; folder: string } | null {
  const root = join(runDir, 'checkpoints');
  if (!existsSync(root)) return null;
  const steps = readdirSync(root)
    .filter((name) => /^\d+$/.test(name) && statSync(join(root, name)).isDirectory())
    .map(Number)
    .sort((a, b) => b - a);
  const step = steps[0];
  return step === undefined ? null : { step, folder: join(root, String(step)) };
}
