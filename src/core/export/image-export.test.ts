import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyImageConfig, tinyImageDataset, tinyPointsConfig } from '../engine/test-support';
import { writeSampleExport } from './image-export';
import { planImageExport, type ImageExportOptions } from './image-export-plan';
import { restoreGenerator } from './restore-generator';
import { trainedCheckpoint, type TrainedCheckpoint } from './test-support';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const OPTIONS: ImageExportOptions = {
  count: 5,
  seed: 3,
  upscale: 2,
  grid: true,
  interpolation: 4,
  gif: true,
  classIndex: null,
};

/** Runs an export into a fresh folder under `root`; answers the folder, the files and the progress seen. */
async function exportInto(trained: TrainedCheckpoint, name: string, options: ImageExportOptions) {
  const dir = join(trained.outDir, name);
  mkdirSync(dir, { recursive: true });
  const plan = planImageExport(trained.config.architecture, options);
  const { generator } = restoreGenerator(trained.config, trained.configHash, trained.folder);
  const progress: number[] = [];
  const work = { signal: new AbortController().signal, onProgress: (done: number) => progress.push(done) };
  try {
    const files = await writeSampleExport(generator, plan, trained.config.dataset.name, dir, work);
    return { dir, files, plan, progress };
  } finally {
    generator.dispose();
  }
}

describe('image exports (in the export process)', () => {
  let trained: TrainedCheckpoint;
  beforeAll(async () => {
    trained = await trainedCheckpoint(tinyImageConfig({ classes: 3, steps: 2 }), tinyImageDataset(8, 3));
  });
  afterAll(() => trained.cleanup());

  it('writes upscaled PNGs per class, the sheet, the strip (a row per class) and a there-and-back GIF', async () => {
    const { dir, files, plan, progress } = await exportInto(trained, 'a', OPTIONS);
    expect(files.map((f) => `${f.kind}:${f.name}`)).toEqual([
      'image:image-0001-class-0.png',
      'image:image-0002-class-1.png',
      'image:image-0003-class-2.png',
      'image:image-0004-class-0.png',
      'image:image-0005-class-1.png',
      'grid:grid.png',
      'interpolation:interpolation.png',
      'gif:interpolation.gif',
    ]);
    expect(progress.at(-1)).toBe(plan.total);
    const meta = (name: string) => sharp(join(dir, name), { animated: true }).metadata();
    expect(await meta('image-0001-class-0.png')).toMatchObject({ width: 32, height: 32, channels: 1 });
    // 3 columns × 2 rows of 32 px with 2-px gaps.
    expect(await meta('grid.png')).toMatchObject({ width: 3 * 32 + 8, height: 2 * 32 + 6 });
    // 4 steps × 3 classes.
    expect(await meta('interpolation.png')).toMatchObject({ width: 4 * 32 + 10, height: 3 * 32 + 8 });
    // Frames 0 1 2 3 2 1, each the three classes side by side in a grid.
    const gif = await meta('interpolation.gif');
    expect(gif).toMatchObject({ format: 'gif', pages: 6, loop: 0, width: 2 * 32 + 6 });
  });

  it('gives byte-identical files for the same checkpoint, seed and options, and others for another seed', async () => {
    const first = await exportInto(trained, 'b1', OPTIONS);
    const second = await exportInto(trained, 'b2', OPTIONS);
    const other = await exportInto(trained, 'b3', { ...OPTIONS, seed: 4 });
    const bytes = (dir: string, name: string): Buffer => readFileSync(join(dir, name));
    for (const { name } of first.files) {
      expect(bytes(second.dir, name).equals(bytes(first.dir, name)), name).toBe(true);
    }
    expect(bytes(other.dir, 'grid.png').equals(bytes(first.dir, 'grid.png'))).toBe(false);
  });

  it('exports one class only when asked, and stops when cancelled', async () => {
    const one = await exportInto(trained, 'c', { ...OPTIONS, classIndex: 2, gif: false, interpolation: 0 });
    expect(one.files.filter((f) => f.kind === 'image').every((f) => f.name.endsWith('-class-2.png'))).toBe(
      true,
    );

    const dir = join(trained.outDir, 'cancelled');
    mkdirSync(dir);
    const controller = new AbortController();
    const plan = planImageExport(trained.config.architecture, { ...OPTIONS, count: 64 });
    const { generator } = restoreGenerator(trained.config, trained.configHash, trained.folder);
    const written = writeSampleExport(generator, plan, 'tiny', dir, {
      signal: controller.signal,
      onProgress: (done) => done === 3 && controller.abort(),
    });
    await expect(written).rejects.toMatchObject({ code: 'cancelled' });
    expect(readdirSync(dir).length).toBe(3);
    generator.dispose();
  });
});

describe('2-D exports', () => {
  it('write points.csv (x,y per line, no header) and a scatter plot', async () => {
    const trained = await trainedCheckpoint(tinyPointsConfig({ steps: 2 }), null);
    try {
      const options = { ...OPTIONS, count: 10, upscale: 1 as const, interpolation: 0, gif: false };
      const { dir, files } = await exportInto(trained, 'p', options);
      expect(files.map((f) => `${f.kind}:${f.name}`)).toEqual(['points:points.csv', 'grid:scatter.png']);
      const lines = readFileSync(join(dir, 'points.csv'), 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(10);
      for (const line of lines) expect(line).toMatch(/^-?\d[\d.e+-]*,-?\d[\d.e+-]*$/);
      const again = await exportInto(trained, 'p2', options);
      expect(readFileSync(join(again.dir, 'points.csv'), 'utf8')).toBe(
        readFileSync(join(dir, 'points.csv'), 'utf8'),
      );
    } finally {
      trained.cleanup();
    }
  });
});
