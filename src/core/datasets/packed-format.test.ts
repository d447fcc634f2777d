import { mkdtemp, readFile, readdir, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/api/errors';
import {
  IMAGES_FILE,
  LABELS_FILE,
  MANIFEST_FILE,
  isPartialWriteName,
  readPackedDataset,
  readPackedManifest,
  removePartialWrites,
  writePackedDataset,
  type PackedDatasetInput,
} from './packed-format';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'gan-studio-packed-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Five 2×3 RGB images whose bytes count up, in classes [a, b, a, c, a]. */
function labelledInput(): PackedDatasetInput {
  return {
    height: 2,
    width: 3,
    channels: 3,
    images: Uint8Array.from({ length: 5 * 2 * 3 * 3 }, (_, i) => i % 256),
    labels: Uint32Array.from([0, 1, 0, 2, 0]),
    classNames: ['a', 'b', 'c'],
    extra: { sources: ['x.png'], rejects: [{ path: 'y.gif', reason: 'not an image' }], count: 999 },
  };
}

async function expectStudioError(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(StudioError);
  expect((error as StudioError).code).toBe(code);
  expect((error as StudioError).message).toMatch(message);
}

describe('packed dataset format', () => {
  it('round-trips images, labels and the manifest, keeping extra fields but not letting them override', async () => {
    const dir = join(root, 'datasets', 'ds_1');
    const input = labelledInput();
    const written = await writePackedDataset(dir, input);
    expect(written).toMatchObject({ formatVersion: 1, count: 5, classCounts: [3, 1, 1] });

    const dataset = await readPackedDataset(dir);
    expect(dataset.manifest).toMatchObject({
      formatVersion: 1,
      count: 5,
      height: 2,
      width: 3,
      channels: 3,
      classNames: ['a', 'b', 'c'],
      classCounts: [3, 1, 1],
      sources: ['x.png'],
      rejects: [{ path: 'y.gif', reason: 'not an image' }],
    });
    expect(dataset.images).toEqual(input.images);
    expect(Array.from(dataset.labels ?? [])).toEqual([0, 1, 0, 2, 0]);
    expect(await readPackedManifest(dir)).toEqual(dataset.manifest);
  });

  it('stores labels little-endian and writes no labels file without classes', async () => {
    const dir = join(root, 'labelled');
    await writePackedDataset(dir, {
      ...labelledInput(),
      labels: Uint32Array.from([0, 1, 0, 2, 258].map((n) => n % 3)),
    });
    const bytes = await readFile(join(dir, LABELS_FILE));
    expect(Array.from(bytes.subarray(4, 8))).toEqual([1, 0, 0, 0]);

    const plain = join(root, 'plain');
    await writePackedDataset(plain, { height: 1, width: 1, channels: 1, images: new Uint8Array([7, 8]) });
    expect((await readdir(plain)).sort()).toEqual([IMAGES_FILE, MANIFEST_FILE]);
    const dataset = await readPackedDataset(plain);
    expect(dataset.labels).toBeNull();
    expect(dataset.manifest).toMatchObject({ count: 2, classNames: [], classCounts: [] });
  });

  it('leaves no temporary folder behind, and refuses to overwrite unless asked', async () => {
    const dir = join(root, 'ds');
    await writePackedDataset(dir, labelledInput());
    expect(await readdir(root)).toEqual(['ds']);
    await expectStudioError(writePackedDataset(dir, labelledInput()), 'conflict', /already exists/);

    await writePackedDataset(
      dir,
      { height: 1, width: 1, channels: 1, images: new Uint8Array([1]) },
      { replace: true },
    );
    expect((await readPackedManifest(dir)).count).toBe(1);
    expect(await readdir(root)).toEqual(['ds']);
  });

  it('never leaves a half-written dataset when a write fails midway', async () => {
    const dir = join(root, 'ds');
    const failing = writePackedDataset(dir, labelledInput(), {
      beforeCommit: async (temp) => {
        await writeFile(join(temp, 'thumb.png'), 'x');
        throw new Error('disk full');
      },
    });
    await expect(failing).rejects.toThrow('disk full');
    expect(await readdir(root)).toEqual([]);

    // Replacing: a failed write keeps the previous dataset whole.
    await writePackedDataset(dir, labelledInput());
    await expect(
      writePackedDataset(dir, labelledInput(), {
        replace: true,
        beforeCommit: () => Promise.reject(new Error('boom')),
      }),
    ).rejects.toThrow('boom');
    expect((await readPackedDataset(dir)).manifest.count).toBe(5);
    expect(await readdir(root)).toEqual(['ds']);
  });

  it('adds files from beforeCommit together with the data', async () => {
    const dir = join(root, 'ds');
    await writePackedDataset(dir, labelledInput(), {
      beforeCommit: (temp) => writeFile(join(temp, 'thumbs.bin'), 'thumbs'),
    });
    expect(await readFile(join(dir, 'thumbs.bin'), 'utf8')).toBe('thumbs');
  });

  it('rejects inconsistent input before writing anything', async () => {
    const dir = join(root, 'bad');
    const input = labelledInput();
    await expectStudioError(
      writePackedDataset(dir, { ...input, images: new Uint8Array(7) }),
      'invalid_input',
      /whole number/,
    );
    await expectStudioError(
      writePackedDataset(dir, { ...input, labels: null }),
      'invalid_input',
      /no labels/,
    );
    await expectStudioError(
      writePackedDataset(dir, { ...input, labels: Uint32Array.from([0, 1, 0, 3, 0]) }),
      'invalid_input',
      /label 3 is not a class/,
    );
    await expectStudioError(writePackedDataset(dir, { ...input, channels: 5 }), 'invalid_input', /channels/);
    expect(await readdir(root)).toEqual([]);
  });

  it('names a truncated images file and says what to do', async () => {
    const dir = join(root, 'ds');
    await writePackedDataset(dir, labelledInput());
    await truncate(join(dir, IMAGES_FILE), 40);
    await expectStudioError(
      readPackedDataset(dir),
      'invalid_input',
      /images\.u8 .*truncated: 40 bytes where the manifest says 90\. .*import it again/,
    );
  });

  it('names a truncated or missing labels file, and labels that contradict the manifest', async () => {
    const dir = join(root, 'ds');
    await writePackedDataset(dir, labelledInput());
    const labelsPath = join(dir, LABELS_FILE);
    const original = await readFile(labelsPath);

    await truncate(labelsPath, 6);
    await expectStudioError(readPackedDataset(dir), 'invalid_input', /labels\.u32 .*truncated/);

    const swapped = Buffer.from(original);
    swapped.writeUInt32LE(1, 0); // now classes [b, b, a, c, a]: counts no longer [3, 1, 1]
    await writeFile(labelsPath, swapped);
    await expectStudioError(readPackedDataset(dir), 'invalid_input', /does not match the class counts/);

    const outOfRange = Buffer.from(original);
    outOfRange.writeUInt32LE(9, 0);
    await writeFile(labelsPath, outOfRange);
    await expectStudioError(readPackedDataset(dir), 'invalid_input', /label 9/);

    await rm(labelsPath);
    await expectStudioError(readPackedDataset(dir), 'not_found', /labels\.u32 .*missing/);
  });

  it('reports a missing dataset, a damaged manifest and one from a newer version', async () => {
    await expectStudioError(
      readPackedDataset(join(root, 'nope')),
      'not_found',
      /No dataset at .*manifest\.json/,
    );

    const dir = join(root, 'ds');
    await writePackedDataset(dir, labelledInput());
    const manifestPath = join(dir, MANIFEST_FILE);
    const manifest = JSON.parse(await readFile(manifestPath, 'utf8')) as Record<string, unknown>;

    await writeFile(manifestPath, '{"formatVersion": 1, "count":');
    await expectStudioError(readPackedDataset(dir), 'invalid_input', /not valid JSON/);

    await writeFile(manifestPath, JSON.stringify({ ...manifest, classCounts: [3, 1] }));
    await expectStudioError(readPackedDataset(dir), 'invalid_input', /class counts/);

    await writeFile(manifestPath, JSON.stringify({ ...manifest, height: 0 }));
    await expectStudioError(readPackedDataset(dir), 'invalid_input', /height/);

    await writeFile(manifestPath, JSON.stringify({ ...manifest, formatVersion: 2 }));
    await expectStudioError(readPackedDataset(dir), 'invalid_input', /newer GAN Studio/);
  });

  it('cleans up temporary folders left by an interrupted write', async () => {
    await writePackedDataset(join(root, 'ds'), labelledInput());
    await writeFile(join(root, '.ds2.partial-abc123'), '');
    expect(isPartialWriteName('.ds2.partial-abc123')).toBe(true);
    expect(isPartialWriteName('ds')).toBe(false);
    expect(await removePartialWrites(root)).toEqual(['.ds2.partial-abc123']);
    expect(await readdir(root)).toEqual(['ds']);
  });
});
