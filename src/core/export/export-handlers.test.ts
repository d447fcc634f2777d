import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import type { MethodInput } from '../../shared/api/contract';
import type { RunSummary } from '../../shared/api/dto';
import { TrainingConfig } from '../../shared/engine/training-config';
import { forkTrainer } from '../runs/trainer-handle';
import { realTrainer, unwrap, type TrainingStudio } from '../runs/test-support';
import { getRunRecord, insertMetricPoints, listExports } from '../store';
import { createTempStudio } from '../testing/temp-studio';
import { exportLabels, exportNoise } from './latent';
import { loadLayersModelFromFolder } from './model-files';
import { restoreGenerator } from './restore-generator';
import { createExportLab, partialFolders, type ExportLab } from './test-support';

/**
 * exports.* through the API of a studio whose export processes are the real trainer script (the bundle
 * the global setup builds), exporting from runs real trainer processes trained.
 */
const TEST_MS = 120_000;

let env: ExportLab;
let lab: TrainingStudio;
let imageRun: RunSummary;
let pointsRun: RunSummary;
let scratch: string;

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  env = await createExportLab();
  ({ lab, imageRun, pointsRun, scratch } = env);
}, TEST_MS);

afterAll(() => env.dispose());

const images = (input: Omit<MethodInput<'exports.images'>, 'runId'> & { runId?: string }) =>
  lab.client.exports.images({ runId: imageRun.id, ...input });
const bytes = (path: string): Buffer => readFileSync(path);
const withStore = <T>(work: (db: Database) => T): T => env.withStore(work);

describe('exports.images', () => {
  it(
    'writes the same bytes for the same run, checkpoint and seed, with a JSON of where they came from',
    async () => {
      const options = { count: 6, seed: 9, upscale: 2, interpolation: 5, gif: true } as const;
      const first = unwrap(await images({ exportId: 'same-1', ...options }));
      const outDir = join(scratch, 'same-2');
      const second = unwrap(await images({ exportId: 'same-2', checkpoint: 3, outDir, ...options }));

      expect(first.dir).toBe(join(lab.dataDir, 'exports', 'same-1'));
      expect(second.dir).toBe(outDir);
      expect(first.files.map((f) => f.kind)).toEqual([
        ...Array(6).fill('image'),
        'grid',
        'interpolation',
        'gif',
        'metadata',
      ]);
      for (const [i, file] of first.files.entries()) {
        const twin = second.files[i]!;
        expect(twin.path).toBe(join(outDir, file.path.slice(first.dir.length + 1)));
        if (file.kind !== 'metadata') expect(bytes(twin.path).equals(bytes(file.path)), file.path).toBe(true);
        // Files in the data directory can be shown through the media route; others cannot.
        expect(file.mediaPath).toBe(`exports/same-1/${file.path.slice(first.dir.length + 1)}`);
        expect(twin.mediaPath).toBeNull();
      }

      const metadata = JSON.parse(readFileSync(join(first.dir, 'export.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      const record = getRunRecordOf(imageRun.id);
      expect(metadata).toMatchObject({
        kind: 'images',
        exportId: 'same-1',
        runId: imageRun.id,
        runName: imageRun.name,
        checkpointStep: 3,
        seed: 9,
        configHash: record.configHash,
        studioVersion: expect.any(String),
        createdAt: expect.any(String),
        backend: 'cpu',
        options: { count: 6, upscale: 2, grid: true, interpolation: 5, gif: true, classIndex: null },
        labels: [0, 1, 2, 0, 1, 2],
        classNames: ['circle', 'square', 'triangle'],
      });
      const seen = env.progress.filter((p) => p.exportId === 'same-1');
      // 6 images, the sheet, 3 classes × 5 steps, the strip and the GIF.
      expect(seen.at(-1)).toEqual({ exportId: 'same-1', done: 24, total: 24 });
      expect(seen[0]).toEqual({ exportId: 'same-1', done: 0, total: 24 });

      const recorded = withStore((db) => listExports(db, imageRun.id));
      expect(recorded.map((r) => [r.id, r.kind, r.path])).toEqual([
        ['same-1', 'images', 'exports/same-1'],
        ['same-2', 'images', outDir],
      ]);
      expect(partialFolders(join(lab.dataDir, 'exports'))).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'exports one class of a conditional run, and refuses a class it does not have',
    async () => {
      const one = unwrap(await images({ exportId: 'class-2', count: 4, classIndex: 2, grid: false }));
      expect(one.files.map((f) => f.path.slice(one.dir.length + 1))).toEqual([
        'image-0001-class-2.png',
        'image-0002-class-2.png',
        'image-0003-class-2.png',
        'image-0004-class-2.png',
        'export.json',
      ]);
      const refused = await images({ exportId: 'class-7', classIndex: 7 });
      expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(!refused.ok && refused.error.message).toMatch(/3 classes, numbered 0 to 2/);
      expect(existsSync(join(lab.dataDir, 'exports', 'class-7'))).toBe(false);
    },
    TEST_MS,
  );

  it(
    'never overwrites: a folder with files, an id already used, and a checkpoint that does not exist are refused',
    async () => {
      const full = join(scratch, 'full');
      mkdirSync(full);
      writeFileSync(join(full, 'keep.txt'), 'mine');
      const refused = await images({ exportId: 'over-1', outDir: full, count: 1 });
      expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(readdirSync(full)).toEqual(['keep.txt']);
      expect(partialFolders(scratch)).toEqual([]);

      // An empty folder is fine.
      const empty = join(scratch, 'empty');
      mkdirSync(empty);
      expect(
        unwrap(await images({ exportId: 'over-2', outDir: empty, count: 1, grid: false })).files,
      ).toHaveLength(2);
      expect(await images({ exportId: 'over-2', count: 1 })).toMatchObject({
        ok: false,
        error: { code: 'conflict' },
      });

      const missing = await images({ exportId: 'over-3', checkpoint: 2 });
      expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(!missing.ok && missing.error.message).toMatch(
        /no checkpoint at step 2; its checkpoints are at steps 3/,
      );
      expect(await images({ exportId: '../escape' })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
      expect(await images({ exportId: 'rel', outDir: 'relative/dir' })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
    },
    TEST_MS,
  );

  it(
    'cancels: the process stops, the export answers cancelled and leaves nothing',
    async () => {
      const outDir = join(scratch, 'cancelled');
      env.cancelOnProgress('cancel-1');
      const result = await images({ exportId: 'cancel-1', outDir, count: 4096, grid: false });
      expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
      expect(existsSync(outDir)).toBe(false);
      expect(partialFolders(scratch)).toEqual([]);
      expect(withStore((db) => listExports(db, imageRun.id)).map((r) => r.id)).not.toContain('cancel-1');
      expect(unwrap(await lab.client.exports.cancel({ exportId: 'cancel-1' }))).toBe(false);
    },
    TEST_MS,
  );

  it(
    'fails the export, not the host, when the export process crashes',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gan-studio-crashing-export-'));
      const script = join(dir, 'crash.mjs');
      writeFileSync(
        script,
        `process.on('message', () => { process.stderr.write('out of cheese\\n'); process.exit(3); });\n`,
      );
      lab.useSpawner(forkTrainer(script));
      try {
        const result = await images({ exportId: 'crash-1', count: 2 });
        expect(result).toMatchObject({ ok: false, error: { code: 'internal' } });
        expect(!result.ok && result.error.message).toMatch(/exited with code 3.*out of cheese/);
        expect(existsSync(join(lab.dataDir, 'exports', 'crash-1'))).toBe(false);
        expect(unwrap(await lab.client.runs.list()).length).toBeGreaterThan(0);
      } finally {
        lab.useSpawner(realTrainer());
        rmSync(dir, { recursive: true, force: true });
      }
    },
    TEST_MS,
  );

  it(
    'writes points.csv (x,y, no header) and a scatter plot for a 2-D run',
    async () => {
      const result = unwrap(await images({ runId: pointsRun.id, exportId: 'points-1', count: 50 }));
      expect(result.files.map((f) => [f.kind, f.mediaPath])).toEqual([
        ['points', 'exports/points-1/points.csv'],
        ['grid', 'exports/points-1/scatter.png'],
        ['metadata', 'exports/points-1/export.json'],
      ]);
      const lines = readFileSync(result.files[0]!.path, 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(50);
      expect(lines.every((line) => /^[-\d.e+]+,[-\d.e+]+$/.test(line))).toBe(true);
    },
    TEST_MS,
  );
});

describe('exports.model', () => {
  it(
    "writes a tfjs Layers model that loads back and reproduces the studio's generator",
    async () => {
      const result = unwrap(await lab.client.exports.model({ runId: imageRun.id, exportId: 'model-1' }));
      expect(result.files.map((f) => [f.kind, f.mediaPath])).toEqual([
        ['model', 'exports/model-1/model.json'],
        ['weights', null],
        ['metadata', 'exports/model-1/generator.json'],
      ]);
      const metadata = JSON.parse(readFileSync(join(result.dir, 'generator.json'), 'utf8')) as Record<
        string,
        unknown
      >;
      expect(metadata).toMatchObject({
        latentSize: 8,
        resolution: { height: 16, width: 16 },
        channels: 1,
        numClasses: 3,
        classNames: ['circle', 'square', 'triangle'],
        outputScaling: expect.stringMatching(/^tanh: pixels = \(x \+ 1\) \* 127\.5/),
        runId: imageRun.id,
        step: 3,
        configHash: getRunRecordOf(imageRun.id).configHash,
      });

      const loaded = await loadLayersModelFromFolder(result.dir);
      const record = getRunRecordOf(imageRun.id);
      const config = TrainingConfig.parse(record.config);
      const checkpoint = join(lab.dataDir, 'runs', imageRun.id, 'checkpoints', '3');
      const { generator } = restoreGenerator(config, record.configHash, checkpoint);
      const n = 6;
      const sample = (model: typeof generator): Float32Array =>
        tf.tidy(() => {
          const z = tf.tensor2d(exportNoise(2, n, 8), [n, 8]);
          const labels = tf.tensor1d(exportLabels(n, 3, null)!, 'int32');
          return Float32Array.from((model.apply([z, labels], { training: false }) as tf.Tensor).dataSync());
        });
      const [expected, actual] = [sample(generator), sample(loaded)];
      expect(Math.max(...actual.map((v, i) => Math.abs(v - expected[i]!)))).toBeLessThan(1e-5);
      generator.dispose();
      loaded.dispose();
    },
    TEST_MS,
  );
});

describe('exports.metrics', () => {
  it('streams every point of the runs as CSV, quoting names and leaving NaN empty', async () => {
    withStore((db) =>
      insertMetricPoints(db, pointsRun.id, [{ name: 'loss_d', step: 99, value: Number.NaN, wallTime: 12.5 }]),
    );
    const result = unwrap(
      await lab.client.exports.metrics({ runIds: [imageRun.id, pointsRun.id], exportId: 'metrics-1' }),
    );
    expect(result.files).toEqual([
      { kind: 'csv', path: join(result.dir, 'metrics.csv'), mediaPath: 'exports/metrics-1/metrics.csv' },
    ]);
    const lines = readFileSync(result.files[0]!.path, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('run_id,run_name,metric,step,value,wall_time');
    const counts = await Promise.all(
      [imageRun, pointsRun].map(async (run) =>
        unwrap(await lab.client.runs.metrics({ id: run.id })).reduce((sum, s) => sum + s.steps.length, 0),
      ),
    );
    expect(lines).toHaveLength(1 + counts[0]! + counts[1]!);
    const quoted = `${imageRun.id},"shapes, ""conditional""",loss_d,1,`;
    expect(lines.find((line) => line.startsWith(quoted))).toMatch(/,-?[\d.e-]+,[\d.]+$/);
    // Run by run: every line of the first run comes before the second's.
    expect(lines.findLastIndex((l) => l.startsWith(imageRun.id))).toBeLessThan(
      lines.findIndex((l) => l.startsWith(pointsRun.id)),
    );
    expect(lines).toContain(`${pointsRun.id},ring,loss_d,99,,12.5`);
    const seen = env.progress.filter((p) => p.exportId === 'metrics-1').at(-1);
    expect(seen).toEqual({ exportId: 'metrics-1', done: lines.length - 1, total: lines.length - 1 });
  });

  it('writes to a new file when asked, and refuses one that exists', async () => {
    const file = join(scratch, 'losses.csv');
    const result = unwrap(
      await lab.client.exports.metrics({ runIds: [pointsRun.id], exportId: 'metrics-2', outFile: file }),
    );
    expect(result).toMatchObject({ dir: scratch, files: [{ kind: 'csv', path: file, mediaPath: null }] });
    expect(readFileSync(file, 'utf8')).toMatch(/^run_id,run_name,metric,step,value,wall_time\n/);
    const again = await lab.client.exports.metrics({
      runIds: [pointsRun.id],
      exportId: 'metrics-3',
      outFile: file,
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await lab.client.exports.metrics({ runIds: ['run_gone'], exportId: 'metrics-4' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});

describe('a host that cannot start processes', () => {
  it('answers unavailable for images and models, and still exports metrics', async () => {
    const studio = createTempStudio('cli', { dataDir: lab.dataDir });
    try {
      const result = await studio.invoke('exports.images', { runId: imageRun.id, exportId: 'no-process' });
      expect(result).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      const model = await studio.invoke('exports.model', { runId: imageRun.id, exportId: 'no-process' });
      expect(model).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      const metrics = await studio.invoke('exports.metrics', {
        runIds: [imageRun.id],
        exportId: 'no-process',
      });
      expect(metrics).toMatchObject({ ok: true });
    } finally {
      studio.close();
    }
  });
});

function getRunRecordOf(id: string) {
  return withStore((db) => getRunRecord(db, id)!);
}
