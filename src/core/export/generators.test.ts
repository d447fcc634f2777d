import { cpSync, existsSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodInput, MethodOutput } from '../../shared/api/contract';
import { unwrap } from '../runs/test-support';
import { listExports } from '../store';
import { createExportLab, partialFolders, type ExportLab } from './test-support';

/**
 * generators.* through the API: generators exported (exports.model) from runs real trainer processes
 * trained, listed, and sampled without their run by real export processes — the same bytes as
 * exports.images of the run, checkpoint and seed.
 */
const TEST_MS = 120_000;

let env: ExportLab;
/** The image run's generator, exported into the data directory. */
let generatorDir: string;

beforeAll(async () => {
  env = await createExportLab();
  generatorDir = unwrap(
    await env.lab.client.exports.model({ runId: env.imageRun.id, exportId: 'gen-image' }),
  ).dir;
  unwrap(await env.lab.client.exports.model({ runId: env.pointsRun.id, exportId: 'gen-points' }));
}, TEST_MS);

afterAll(() => env.dispose());

type SampleInput = MethodInput<'generators.sample'>;
const sample = (input: Omit<SampleInput, 'source'> & { source?: SampleInput['source'] }) =>
  env.lab.client.generators.sample({ source: { exportId: 'gen-image' }, ...input });
const names = (result: MethodOutput<'generators.sample'>): string[] =>
  result.files.map((f) => f.path.slice(result.dir.length + 1));
const readJson = (path: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

/** A copy of the exported generator's folder, with `edit` applied to it. */
function generatorCopy(name: string, edit: (dir: string) => void = () => undefined): string {
  const dir = join(env.scratch, name);
  cpSync(generatorDir, dir, { recursive: true });
  edit(dir);
  return dir;
}
function editJson(dir: string, file: string, edit: (json: Record<string, unknown>) => void): void {
  const json = readJson(join(dir, file));
  edit(json);
  writeFileSync(join(dir, file), JSON.stringify(json));
}

describe('generators.list', () => {
  it(
    'lists the generators exported into the data directory, with the facts of their generator.json',
    async () => {
      const elsewhere = join(env.scratch, 'listed-elsewhere');
      unwrap(
        await env.lab.client.exports.model({
          runId: env.imageRun.id,
          exportId: 'gen-gone',
          outDir: elsewhere,
        }),
      );
      expect(unwrap(await env.lab.client.generators.list()).map((g) => g.exportId)).toEqual([
        'gen-gone',
        'gen-points',
        'gen-image',
      ]);
      // A generator whose folder was removed is no longer offered; neither are exports of images.
      rmSync(elsewhere, { recursive: true });
      unwrap(
        await env.lab.client.exports.images({
          runId: env.imageRun.id,
          exportId: 'not-a-generator',
          count: 1,
        }),
      );

      const listed = unwrap(await env.lab.client.generators.list());
      expect(listed).toEqual([
        {
          exportId: 'gen-points',
          dir: join(env.lab.dataDir, 'exports', 'gen-points'),
          runId: env.pointsRun.id,
          runName: 'ring',
          step: 4,
          createdAt: expect.any(String),
          latentSize: expect.any(Number),
          resolution: null,
          channels: null,
          numClasses: 0,
        },
        {
          exportId: 'gen-image',
          dir: generatorDir,
          runId: env.imageRun.id,
          runName: env.imageRun.name,
          step: 3,
          createdAt: expect.any(String),
          latentSize: 8,
          resolution: { height: 16, width: 16 },
          channels: 1,
          numClasses: 3,
        },
      ]);
    },
    TEST_MS,
  );
});

describe('generators.sample', () => {
  it(
    'gives the same bytes as exports.images of the run, checkpoint and seed — by export id and by folder',
    async () => {
      const options = { count: 6, seed: 9, upscale: 2, grid: true } as const;
      const reference = unwrap(
        await env.lab.client.exports.images({
          runId: env.imageRun.id,
          exportId: 'ref',
          checkpoint: 3,
          ...options,
        }),
      );
      const byId = unwrap(await sample({ exportId: 'by-id', ...options }));
      const outDir = join(env.scratch, 'by-dir');
      const byDir = unwrap(
        await sample({ exportId: 'by-dir', source: { dir: generatorCopy('copy') }, outDir, ...options }),
      );

      expect(byId.dir).toBe(join(env.lab.dataDir, 'exports', 'by-id'));
      expect(byDir.dir).toBe(outDir);
      expect(names(byId)).toEqual(names(reference));
      expect(names(byDir)).toEqual(names(reference));
      expect(names(byId)).toEqual([
        'image-0001-class-0.png',
        'image-0002-class-1.png',
        'image-0003-class-2.png',
        'image-0004-class-0.png',
        'image-0005-class-1.png',
        'image-0006-class-2.png',
        'grid.png',
        'export.json',
      ]);
      for (const [i, file] of reference.files.entries()) {
        if (file.kind === 'metadata') continue;
        const same = (other: MethodOutput<'generators.sample'>) =>
          readFileSync(other.files[i]!.path).equals(readFileSync(file.path));
        expect(same(byId), file.path).toBe(true);
        expect(same(byDir), file.path).toBe(true);
      }
      expect(byId.files.map((f) => f.mediaPath)).toEqual(names(byId).map((n) => `exports/by-id/${n}`));

      const generatorJson = readJson(join(generatorDir, 'generator.json'));
      expect(readJson(join(byId.dir, 'export.json'))).toMatchObject({
        kind: 'generator-images',
        exportId: 'by-id',
        runId: env.imageRun.id,
        runName: env.imageRun.name,
        checkpointStep: 3,
        seed: 9,
        options: { ...options, classIndex: null, interpolation: 0, gif: false },
        labels: [0, 1, 2, 0, 1, 2],
        classNames: ['circle', 'square', 'triangle'],
        backend: 'cpu',
        sourceGenerator: { dir: generatorDir, exportId: 'gen-image', contents: generatorJson },
      });
      expect(readJson(join(byDir.dir, 'export.json'))).toMatchObject({
        sourceGenerator: { dir: join(env.scratch, 'copy'), exportId: null, contents: generatorJson },
      });

      const recorded = env
        .withStore((db) => listExports(db, env.imageRun.id))
        .filter((r) => r.id.startsWith('by-'));
      expect(recorded.map((r) => [r.id, r.kind, r.path])).toEqual([
        ['by-id', 'generator-images', 'exports/by-id'],
        ['by-dir', 'generator-images', outDir],
      ]);
      // 6 images and the sheet.
      const seen = env.progress.filter((p) => p.exportId === 'by-id');
      expect(seen[0]).toEqual({ exportId: 'by-id', done: 0, total: 7 });
      expect(seen.at(-1)).toEqual({ exportId: 'by-id', done: 7, total: 7 });
    },
    TEST_MS,
  );

  it(
    'samples one class, and the points of a 2-D generator as its run exports them',
    async () => {
      const one = unwrap(await sample({ exportId: 'one-class', count: 2, classIndex: 1, grid: false }));
      expect(names(one)).toEqual(['image-0001-class-1.png', 'image-0002-class-1.png', 'export.json']);

      const options = { count: 30, seed: 5, grid: false } as const;
      const points = unwrap(
        await sample({ exportId: 'points', source: { exportId: 'gen-points' }, ...options }),
      );
      const reference = unwrap(
        await env.lab.client.exports.images({ runId: env.pointsRun.id, exportId: 'points-ref', ...options }),
      );
      expect(names(points)).toEqual(['points.csv', 'export.json']);
      expect(readFileSync(points.files[0]!.path, 'utf8')).toBe(
        readFileSync(reference.files[0]!.path, 'utf8'),
      );
    },
    TEST_MS,
  );

  it(
    'refuses a folder that is not a whole generator with a sentence naming the file, and writes nothing',
    async () => {
      const refusals: [string, RegExp][] = [
        [
          generatorCopy('no-generator-json', (dir) => rmSync(join(dir, 'generator.json'))),
          /no-generator-json holds no generator\.json, so it is not an exported generator/,
        ],
        [
          generatorCopy('bad-generator-json', (dir) =>
            editJson(dir, 'generator.json', (json) => (json.latentSize = 'eight')),
          ),
          /generator\.json in .*bad-generator-json does not describe a GAN Studio generator: "latentSize"/,
        ],
        [
          generatorCopy('no-model-json', (dir) => rmSync(join(dir, 'model.json'))),
          /no-model-json holds no model\.json/,
        ],
        [
          generatorCopy('corrupt-model-json', (dir) =>
            writeFileSync(join(dir, 'model.json'), '{"modelTopology": {'),
          ),
          /model\.json in .*corrupt-model-json is not valid JSON/,
        ],
        [
          generatorCopy('not-a-model', (dir) => writeFileSync(join(dir, 'model.json'), '{"format": 3}')),
          /model\.json in .*not-a-model is not a TensorFlow\.js Layers model/,
        ],
        [
          generatorCopy('escaping', (dir) => {
            cpSync(join(dir, 'weights.bin'), join(env.scratch, 'weights.bin'));
            editJson(dir, 'model.json', (json) => {
              (json.weightsManifest as { paths: string[] }[])[0]!.paths = ['../weights.bin'];
            });
          }),
          /model\.json in .*escaping names a weights file outside its folder: "\.\.\/weights\.bin"/,
        ],
        [
          generatorCopy('absolute', (dir) =>
            editJson(dir, 'model.json', (json) => {
              (json.weightsManifest as { paths: string[] }[])[0]!.paths = [join(dir, 'weights.bin')];
            }),
          ),
          /names a weights file outside its folder/,
        ],
        [
          generatorCopy('linked-out', (dir) => {
            cpSync(join(dir, 'weights.bin'), join(env.scratch, 'secret.bin'));
            rmSync(join(dir, 'weights.bin'));
            symlinkSync(join(env.scratch, 'secret.bin'), join(dir, 'weights.bin'));
          }),
          /linked-out names a weights file outside its folder: "weights\.bin"/,
        ],
        [
          generatorCopy('truncated', (dir) => writeFileSync(join(dir, 'weights.bin'), 'short')),
          /should hold \d+ bytes but its files hold 5/,
        ],
        [
          generatorCopy('mismatch', (dir) =>
            editJson(dir, 'generator.json', (json) => (json.latentSize = 9)),
          ),
          /model\.json and generator\.json in .*mismatch disagree: the model's noise input has 8 values, not latentSize 9/,
        ],
      ];
      for (const [i, [dir, message]] of refusals.entries()) {
        const result = await sample({ exportId: `refused-${i}`, source: { dir }, count: 1 });
        expect(result, dir).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
        expect(!result.ok && result.error.message).toMatch(message);
        expect(existsSync(join(env.lab.dataDir, 'exports', `refused-${i}`))).toBe(false);
      }
      expect(env.withStore((db) => listExports(db, env.imageRun.id)).map((r) => r.id)).not.toContain(
        'refused-0',
      );
    },
    TEST_MS,
  );

  it(
    'refuses a class out of range, an unknown or non-generator export id, a relative folder',
    async () => {
      const classless = await sample({ exportId: 'class-7', classIndex: 7 });
      expect(classless).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(!classless.ok && classless.error.message).toMatch(
        /no class 7: this generator has 3 classes, numbered 0 to 2/,
      );
      for (const exportId of ['nope', 'ref']) {
        expect(await sample({ exportId: 'unknown', source: { exportId } })).toMatchObject({
          ok: false,
          error: { code: 'not_found', message: expect.stringMatching(/no exported generator with id/) },
        });
      }
      expect(await sample({ exportId: 'relative', source: { dir: 'exports/gen-image' } })).toMatchObject({
        ok: false,
        error: { code: 'invalid_input' },
      });
      expect(
        await sample({ exportId: 'missing', source: { dir: join(env.scratch, 'nowhere') } }),
      ).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
      expect(partialFolders(join(env.lab.dataDir, 'exports'))).toEqual([]);
    },
    TEST_MS,
  );

  it(
    'answers invalid_input when the export process cannot build the model, and cancels',
    async () => {
      const unknownLayer = generatorCopy('unknown-layer', (dir) =>
        editJson(dir, 'model.json', (json) => {
          const layers = (json.modelTopology as { config: { layers: { class_name: string }[] } }).config
            .layers;
          layers.at(-1)!.class_name = 'NoSuchLayer';
        }),
      );
      const result = await sample({ exportId: 'unloadable', source: { dir: unknownLayer }, count: 1 });
      expect(result).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
      expect(!result.ok && result.error.message).toMatch(
        /model\.json in .*unknown-layer does not load as a TensorFlow\.js generator: .*NoSuchLayer/,
      );

      env.cancelOnProgress('cancel-1');
      const outDir = join(env.scratch, 'cancelled');
      const cancelled = await sample({ exportId: 'cancel-1', outDir, count: 4096, grid: false });
      expect(cancelled).toMatchObject({ ok: false, error: { code: 'cancelled' } });
      expect(existsSync(outDir)).toBe(false);
      expect(partialFolders(env.scratch)).toEqual([]);
    },
    TEST_MS,
  );
});
