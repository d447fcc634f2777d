import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveUploadFolder } from '../core/datasets/uploads';
import { startUploadServer, type UploadServer } from './upload-test-kit';

/** A folder dropped in a browser, end to end: upload over HTTP, import, labels from its subfolders. */
describe('importing a browser upload', () => {
  let kit: UploadServer;
  beforeAll(async () => {
    kit = await startUploadServer();
  });
  afterAll(() => kit.close());

  const png = (r: number, g: number, b: number): Promise<Buffer> =>
    sharp({ create: { width: 24, height: 24, channels: 3, background: { r, g, b } } })
      .png()
      .toBuffer();

  it('turns the uploaded folder into a dataset with classes, lists what it skipped, and removes the upload', async () => {
    const files: Record<string, Uint8Array> = {
      'cats/a.png': await png(255, 0, 0),
      'cats/b.png': await png(250, 10, 0),
      'dogs/c.png': await png(0, 0, 255),
      'dogs/notes.txt': Buffer.from('not an image'),
    };
    const total = Object.values(files).reduce((sum, f) => sum + f.length, 0);
    const uploadId = await kit.create(Object.keys(files).length, total, 'pets');
    for (const [path, bytes] of Object.entries(files))
      expect((await kit.put(uploadId, path, bytes)).status).toBe(201);

    const result = await kit.studio.invoke('datasets.importUpload', {
      uploadId,
      importId: 'imp-1',
      options: { size: 16, labels: 'subfolders' },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { dataset, skipped } = result.value as {
      dataset: { name: string; imageCount: number; classNames: string[]; sourcePath: string };
      skipped: { path: string; reason: string }[];
    };
    expect(dataset).toMatchObject({ name: 'pets', imageCount: 3, classNames: ['cats', 'dogs'] });
    expect(skipped.map((s) => s.path)).toEqual(['dogs/notes.txt']);
    expect(() => resolveUploadFolder(kit.studio.dataDir, uploadId)).toThrow();
    expect(existsSync(`${kit.studio.dataDir}/uploads/${uploadId}`)).toBe(false);
  });

  it('answers not_found for an upload that does not exist', async () => {
    const result = await kit.studio.invoke('datasets.importUpload', {
      uploadId: 'up_nope',
      importId: 'imp-2',
      options: {},
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
