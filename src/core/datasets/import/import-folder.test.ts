import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { StudioError } from '../../../shared/api/errors';
import { getDatasetRecord, listDatasets } from '../../store';
import { cleanupTemp, makeTempDir, openTempStore } from '../../store/test-support';
import { readPackedDataset, removePartialWrites } from '../packed-format';
import { meanImage } from '../register-packed';
import { importFolder, type ImportContext } from './import-folder';
import type { ImportProgress } from './import-progress';
import type { Reject } from './rejects';
import {
  LATIN1_NAME,
  writeLabelledCorpus,
  writeManyPngs,
  writeMixedCorpus,
  type Corpus,
} from './test-corpus';

let corpus: Corpus;
let corpusDir: string;

beforeAll(async () => {
  corpusDir = makeTempDir();
  corpus = await writeMixedCorpus(join(corpusDir, 'mixed'), join(corpusDir, 'outside'));
});

afterAll(() => cleanupTemp());

let ctx: ImportContext;
function newStudio(): ImportContext {
  ctx = { db: openTempStore(), dataDir: makeTempDir() };
  return ctx;
}
afterEach(() => ctx?.db.close());

const datasetDir = (id: string) => join(ctx.dataDir, 'datasets', id);
/** Everything in the datasets folder, partial folders included. */
const leftovers = () =>
  existsSync(join(ctx.dataDir, 'datasets')) ? readdirSync(join(ctx.dataDir, 'datasets')) : [];
const kinds = (rejects: readonly Reject[]) => new Map(rejects.map((r) => [r.path, r.kind]));

function meanColour(images: Uint8Array, index: number, side: number): number[] {
  const bytes = side * side * 3;
  const sums = [0, 0, 0];
  for (let b = 0; b < bytes; b++) sums[b % 3]! += images[index * bytes + b]!;
  return sums.map((s) => s / (side * side));
}

async function rejectionOf(promise: Promise<unknown>): Promise<StudioError> {
  return promise.then(
    () => {
      throw new Error('expected the import to fail');
    },
    (error: StudioError) => error,
  );
}

describe('importFolder on a mixed folder', () => {
  it('imports every good image in scan order and reports every other file with its reason', async () => {
    newStudio();
    const { dataset, rejects } = await importFolder(ctx, corpus.root, { size: 16, minSide: 16 });
    expect(dataset.imageCount).toBe(corpus.good.length);
    expect(dataset.skippedCount).toBe(corpus.rejected.size);
    expect(kinds(rejects)).toEqual(corpus.rejected);

    const { manifest, images } = await readPackedDataset(datasetDir(dataset.id));
    expect(manifest.sources).toEqual(corpus.good.map((g) => g.path));
    expect(manifest.sources).toContain(LATIN1_NAME.toString('utf8')); // shown with U+FFFD, still read
    const hashes = corpus.good.map((g) => {
      const path =
        g.path === LATIN1_NAME.toString('utf8')
          ? Buffer.concat([Buffer.from(`${corpus.root}/`), LATIN1_NAME])
          : join(corpus.root, g.path);
      return createHash('sha1').update(readFileSync(path)).digest('hex');
    });
    expect(manifest.hashes).toEqual(hashes);
    expect(getDatasetRecord(ctx.db, dataset.id)!.meanImage).toEqual(meanImage(images, 16 * 16 * 3));
    corpus.good.forEach((g, i) => {
      const mean = meanColour(images, i, 16);
      mean.forEach((value, c) =>
        expect(Math.abs(value - g.colour[c]!), `${g.path} channel ${c}`).toBeLessThanOrEqual(g.tolerance),
      );
    });

    const reasons = new Map(rejects.map((r) => [r.path, r.reason]));
    expect(reasons.get('bomb.png')).toBe('20000×20000 is over the 100-megapixel limit');
    expect(reasons.get('tiny.png')).toBe('20×10 is smaller than the minimum side 16');
    expect(reasons.get('p-copy-of-a.png')).toBe('duplicate of a-rgb.png');
    expect(reasons.get('old.bmp')).toBe('BMP is not supported; convert to PNG');
    expect(reasons.get('notes.txt')).toBe('not an image file (.txt)');
    expect(reasons.get('README')).toBe('not an image file (no extension)');
    expect(reasons.get('truncated.png')).toMatch(/^the file is damaged or truncated: /);
    expect(reasons.get('garbled.png')).toMatch(/^the file is damaged or truncated: /);
    expect(reasons.get('text.jpg')).toMatch(/^the content is not an image/);
    expect(reasons.get('z-nested/loop')).toBe('a link to a folder already scanned (the chosen folder)');
    // As root, chmod 000 does not stop reads: then the locked file imports and is among the good ones.
    if (corpus.lockedIsUnreadable) expect(reasons.get('u-locked.png')).toMatch(/permission denied/);
    else expect(manifest.sources).toContain('u-locked.png');
  });

  it('honours EXIF orientation: the stored left (red) half ends up on top', async () => {
    newStudio();
    const { dataset } = await importFolder(ctx, corpus.root, { size: 16, minSide: 16, fit: 'stretch' });
    const { manifest, images } = await readPackedDataset(datasetDir(dataset.id));
    const index = (manifest.sources as string[]).indexOf('l-exif6.jpg');
    const pixel = (x: number, y: number) => [
      ...images.subarray((index * 256 + y * 16 + x) * 3, (index * 256 + y * 16 + x) * 3 + 3),
    ];
    const [topR, , topB] = pixel(8, 2);
    const [bottomR, , bottomB] = pixel(8, 13);
    expect(topR).toBeGreaterThan(200);
    expect(topB).toBeLessThan(60);
    expect(bottomB).toBeGreaterThan(200);
    expect(bottomR).toBeLessThan(60);
  });

  it('writes thumbnails, a mosaic and the store row', async () => {
    newStudio();
    const { dataset } = await importFolder(ctx, corpus.root, {
      size: 16,
      minSide: 16,
      channels: 'gray',
      name: 'mixed bag',
    });
    expect(dataset).toMatchObject({
      name: 'mixed bag',
      channels: 1,
      width: 16,
      height: 16,
      sourcePath: corpus.root,
    });
    const thumbs = readdirSync(join(datasetDir(dataset.id), 'thumbs')).sort();
    expect(thumbs).toHaveLength(corpus.good.length + 1);
    expect(thumbs).toContain('mosaic.png');
    const mosaic = await sharp(join(datasetDir(dataset.id), 'thumbs', 'mosaic.png')).metadata();
    expect([mosaic.width, mosaic.height]).toEqual([8 * 16, Math.ceil(corpus.good.length / 8) * 16]);
    const record = getDatasetRecord(ctx.db, dataset.id)!;
    expect(record.meanImage).toHaveLength(16 * 16);
    expect(record.options).toMatchObject({ size: 16, channels: 'gray', minSide: 16, dedupe: true });
  });

  it('keeps byte-identical files when dedupe is off, and small images without minSide', async () => {
    newStudio();
    // minSide 0 takes the path that reads no header first: the pixel limit still refuses the bomb.
    const { dataset, rejects } = await importFolder(ctx, corpus.root, { size: 16, dedupe: false });
    expect(dataset.imageCount).toBe(corpus.good.length + 2);
    const reasons = new Map(rejects.map((r) => [r.path, r.reason]));
    expect(reasons.has('p-copy-of-a.png')).toBe(false);
    expect(reasons.has('tiny.png')).toBe(false);
    expect(reasons.get('bomb.png')).toBe('20000×20000 is over the 100-megapixel limit');
    expect(kinds(rejects).get('n-same-file.png')).toBe('duplicate'); // the same file through a link, still once
    expect(rejects).toHaveLength(corpus.rejected.size - 2);
  });
});

describe('importFolder with labels from subfolders', () => {
  it('makes one class per subfolder that holds images', async () => {
    newStudio();
    const root = join(makeTempDir(), 'pets');
    await writeLabelledCorpus(root);
    const { dataset, rejects } = await importFolder(ctx, root, { size: 16, labels: 'subfolders' });
    expect(dataset.classNames).toEqual(['cats', 'dogs']);
    expect(getDatasetRecord(ctx.db, dataset.id)!.classCounts).toEqual([3, 2]);
    expect(rejects).toEqual([
      { path: 'loose.png', kind: 'no_class', reason: expect.stringMatching(/^not in a class subfolder/) },
    ]);
    const { labels, manifest } = await readPackedDataset(datasetDir(dataset.id));
    expect([...labels!]).toEqual([0, 0, 0, 1, 1]);
    expect(manifest.sources).toEqual(['cats/1.png', 'cats/2.png', 'cats/3.png', 'dogs/1.png', 'dogs/2.png']);
  });

  it('refuses a folder without subfolders', async () => {
    newStudio();
    const root = makeTempDir();
    writeFileSync(
      join(root, 'a.png'),
      await sharp({ create: { width: 32, height: 32, channels: 3, background: '#fff' } })
        .png()
        .toBuffer(),
    );
    const error = await rejectionOf(importFolder(ctx, root, { labels: 'subfolders' }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(/one subfolder per class/);
  });
});

describe('importFolder failures', () => {
  it('says why an empty folder or one without usable images cannot be imported', async () => {
    newStudio();
    const empty = makeTempDir();
    const error = await rejectionOf(importFolder(ctx, empty));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe(`No usable images in ${empty}: it holds no files.`);

    writeFileSync(join(empty, 'a.txt'), 'x');
    writeFileSync(join(empty, 'b.png'), 'not a png');
    writeFileSync(join(empty, 'c.png'), '');
    const junk = await rejectionOf(importFolder(ctx, empty));
    expect(junk.message).toBe(`No usable images in ${empty}: 3 files skipped (2 not images, 1 empty).`);
    expect(leftovers()).toEqual([]);
  });

  it('names a folder that is not there, or a file chosen instead of a folder', async () => {
    newStudio();
    const missing = await rejectionOf(importFolder(ctx, join(corpusDir, 'no-such-folder')));
    expect([missing.code, missing.message]).toEqual([
      'not_found',
      `There is no folder at ${join(corpusDir, 'no-such-folder')}.`,
    ]);
    const file = await rejectionOf(importFolder(ctx, join(corpus.root, 'a-rgb.png')));
    expect(file.code).toBe('invalid_input');
    expect(file.message).toMatch(/is a file, not a folder/);
  });

  it('cancelled as decoding starts, leaves no dataset, no folder and no row', async () => {
    newStudio();
    const root = join(makeTempDir(), 'many');
    await writeManyPngs(root, 40);
    const controller = new AbortController();
    const error = await rejectionOf(
      importFolder(
        ctx,
        root,
        { size: 16 },
        {
          signal: controller.signal,
          concurrency: 1,
          onProgress: (p) => {
            if (p.phase === 'scanning' && p.found === 40) controller.abort();
          },
        },
      ),
    );
    expect(error.code).toBe('cancelled');
    expect(listDatasets(ctx.db)).toEqual([]);
    expect(leftovers()).toEqual([]);
  });

  it('cancelled while saving, removes the half-written folder', async () => {
    newStudio();
    const controller = new AbortController();
    const error = await rejectionOf(
      importFolder(
        ctx,
        corpus.root,
        { size: 16, minSide: 16 },
        {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.phase === 'saving') controller.abort();
          },
        },
      ),
    );
    expect(error.code).toBe('cancelled');
    expect(listDatasets(ctx.db)).toEqual([]);
    expect(leftovers()).toEqual([]);
  });

  it('is not blocked by a partial folder a crash left behind, which the next start removes', async () => {
    newStudio();
    const datasets = join(ctx.dataDir, 'datasets');
    mkdirSync(join(datasets, '.ds_crashed.partial-0123456789ab'), { recursive: true });
    writeFileSync(join(datasets, '.ds_crashed.partial-0123456789ab', 'images.u8'), Buffer.alloc(100));
    const root = join(makeTempDir(), 'pets');
    await writeLabelledCorpus(root);
    const { dataset } = await importFolder(ctx, root, { size: 16 });
    expect(await removePartialWrites(datasets)).toEqual(['.ds_crashed.partial-0123456789ab']);
    expect(readdirSync(datasets)).toEqual([dataset.id]);
  });
});

describe('importFolder progress', () => {
  it('reports a few times a second and ends with every file done', async () => {
    newStudio();
    const root = join(makeTempDir(), 'many');
    await writeManyPngs(root, 30);
    const reports: ImportProgress[] = [];
    await importFolder(ctx, root, { size: 16 }, { onProgress: (p) => reports.push(p) });
    const last = reports.filter((p) => p.phase === 'decoding').at(-1)!;
    expect(last).toMatchObject({ found: 30, done: 30, skipped: 0 });
    expect(last.imagesPerSecond).toBeGreaterThan(0);
    expect(reports.at(-1)!.phase).toBe('saving');
    expect(reports.length).toBeLessThan(15);
  });
});
