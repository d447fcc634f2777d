import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../random';
import type { TrainingState } from '../training-state';
import { readCheckpoint, writeCheckpoint } from './checkpoint-files';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gan-studio-checkpoint-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const tensor = (name: string, values: number[]) => ({
  name,
  shape: [values.length],
  dtype: 'float32' as const,
  data: Float32Array.from(values),
});

function state(withEma: boolean): TrainingState {
  return {
    step: 7,
    generator: [tensor('g/kernel', [1, 2, 3])],
    discriminator: [tensor('d/kernel', [4, 5])],
    generatorEma: withEma ? [tensor('g/kernel', [0.5, 1.5, 2.5])] : [],
    optimizerG: [{ name: 'iter', shape: [], dtype: 'int32', data: Int32Array.from([7]) }],
    optimizerD: [tensor('m', [6])],
    noiseRng: new Rng(1).getState(),
    source: { position: 3 },
  };
}

describe('checkpoint files', () => {
  it('round-trips every group, the averaged generator included', () => {
    const { folder } = writeCheckpoint(join(root, 'ema'), state(true), 'h');
    expect(readCheckpoint(folder, 'h')).toEqual(state(true));
  });

  it('reads a format-1 checkpoint (before the averaged generator) as one without it', async () => {
    const { folder } = writeCheckpoint(join(root, 'v1'), state(false), 'h');
    const path = join(folder, 'state.json');
    const file = JSON.parse(await readFile(path, 'utf8')) as {
      formatVersion: number;
      tensors: Record<string, unknown>;
    };
    delete file.tensors['generatorEma'];
    await writeFile(path, JSON.stringify({ ...file, formatVersion: 1 }));
    expect(readCheckpoint(folder, 'h')).toEqual(state(false));
  });

  it('refuses a format it does not know', async () => {
    const { folder } = writeCheckpoint(join(root, 'v9'), state(false), 'h');
    const path = join(folder, 'state.json');
    const file = JSON.parse(await readFile(path, 'utf8')) as object;
    await writeFile(path, JSON.stringify({ ...file, formatVersion: 9 }));
    expect(() => readCheckpoint(folder, 'h')).toThrow(/format 9/);
  });
});
