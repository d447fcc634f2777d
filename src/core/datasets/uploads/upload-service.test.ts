import { existsSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { StudioError } from '../../../shared/api/errors';
import { createTempStudio } from '../../testing/temp-studio';
import { resolveUploadFolder, uploadPaths } from './index';
import { platformNameProblem } from './upload-staging';

const DAY_MS = 24 * 60 * 60 * 1000;

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function createUpload(studio: ReturnType<typeof createTempStudio>, name: string): Promise<string> {
  const result = await studio.invoke('uploads.create', { name, fileCount: 2, totalBytes: 10 });
  if (!result.ok) throw new Error(result.error.message);
  return (result.value as { uploadId: string }).uploadId;
}

const receive = (studio: ReturnType<typeof createTempStudio>, uploadId: string, path: string, text: string) =>
  studio.uploads.receiveFile({
    uploadId,
    path,
    body: Readable.from([Buffer.from(text)]),
    declaredBytes: null,
  });

describe('browser uploads in core', () => {
  it('removes uploads older than a day when a studio starts, and nothing else', async () => {
    const first = createTempStudio('server');
    const stale = await createUpload(first, 'old');
    const fresh = await createUpload(first, 'new');
    const metaPath = uploadPaths(first.dataDir, stale).meta;
    const meta = JSON.parse(readFileSync(metaPath, 'utf8')) as { createdAt: string };
    writeFileSync(
      metaPath,
      JSON.stringify({ ...meta, createdAt: new Date(Date.now() - DAY_MS - 1000).toISOString() }),
    );
    // A crashed create left a folder without meta: judged by the folder's own time.
    const orphan = 'up_0000000000000000b';
    mkdirSync(join(first.dataDir, 'uploads', orphan, 'files'), { recursive: true });
    const old = new Date(Date.now() - 2 * DAY_MS);
    utimesSync(join(first.dataDir, 'uploads', orphan), old, old);
    mkdirSync(join(first.dataDir, 'uploads', 'notes'));
    first.close();

    const second = createTempStudio('server', { dataDir: first.dataDir });
    try {
      await until(() => !existsSync(uploadPaths(second.dataDir, stale).root));
      await until(() => !existsSync(uploadPaths(second.dataDir, orphan).root));
      expect(existsSync(uploadPaths(second.dataDir, fresh).root)).toBe(true);
      expect(existsSync(join(second.dataDir, 'uploads', 'notes'))).toBe(true);
    } finally {
      second.close();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });

  it('picks an upload up again after a restart, without the partial files of the old process', async () => {
    const first = createTempStudio('server');
    const uploadId = await createUpload(first, 'cats');
    await receive(first, uploadId, 'tabby/a.png', 'hello');
    writeFileSync(join(uploadPaths(first.dataDir, uploadId).partial, 'dead.part'), 'half');
    first.close();

    const second = createTempStudio('server', { dataDir: first.dataDir });
    try {
      expect(await second.invoke('uploads.status', { uploadId })).toEqual({
        ok: true,
        value: { files: 1, bytes: 5 },
      });
      expect(existsSync(join(uploadPaths(second.dataDir, uploadId).partial, 'dead.part'))).toBe(false);
      await receive(second, uploadId, 'b.png', 'abc');
      expect(await second.invoke('uploads.status', { uploadId })).toEqual({
        ok: true,
        value: { files: 2, bytes: 8 },
      });
    } finally {
      second.close();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });

  it('resolves an upload folder for the importer, and seals it against further files', async () => {
    const studio = createTempStudio('server');
    try {
      const uploadId = await createUpload(studio, 'dogs');
      await receive(studio, uploadId, 'pug/1.png', 'x');
      const { folder, name } = resolveUploadFolder(studio.dataDir, uploadId);
      expect(name).toBe('dogs');
      expect(readFileSync(join(folder, 'pug', '1.png'), 'utf8')).toBe('x');

      expect(await studio.uploads.seal(uploadId)).toEqual({ folder, name: 'dogs', files: 1, bytes: 1 });
      await expect(receive(studio, uploadId, 'pug/2.png', 'y')).rejects.toMatchObject({ code: 'conflict' });

      expect(await studio.uploads.remove(uploadId)).toBe(true);
      for (const id of [uploadId, '../../etc', 'up_0000000000000000c', '']) {
        expect(() => resolveUploadFolder(studio.dataDir, id)).toThrow(StudioError);
      }
    } finally {
      studio.dispose();
    }
  });

  it('refuses names Windows cannot hold when running there', () => {
    expect(platformNameProblem(['a', 'b.png'], 'win32')).toBeNull();
    expect(platformNameProblem(['a:b.png'], 'win32')).toMatch(/character/);
    expect(platformNameProblem(['CON.txt'], 'win32')).toMatch(/reserved/);
    expect(platformNameProblem(['dots.'], 'win32')).toMatch(/ends with/);
    expect(platformNameProblem(['a:b.png', 'CON'], 'linux')).toBeNull();
  });
});
