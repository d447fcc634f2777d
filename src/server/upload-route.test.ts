import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveUploadFolder } from '../core/datasets/uploads';
import { MiB, generatedBody, listFiles, startUploadServer, type UploadServer } from './upload-test-kit';

/** Browser uploads against a real server, real store and real files; limits shrunk where it helps. */
describe('upload route', () => {
  let kit: UploadServer;

  beforeAll(async () => {
    kit = await startUploadServer({ maxFiles: 50, maxUploadBytes: 64 * MiB });
  });
  afterAll(() => kit.close());

  it('stores nested files byte for byte under their relative paths, hidden ones included', async () => {
    const files: Record<string, Uint8Array> = {
      'cats/tabby 1.png': randomBytes(100_000),
      'cats/kittens/deep/er/b.jpg': randomBytes(3 * MiB + 17),
      'dogs/ü ñ +&?#%.png': randomBytes(5_000),
      '.DS_Store': randomBytes(10),
      'empty.txt': new Uint8Array(0),
    };
    const total = Object.values(files).reduce((sum, bytes) => sum + bytes.length, 0);
    const uploadId = await kit.create(Object.keys(files).length, total, 'my pets');

    for (const [path, bytes] of Object.entries(files)) {
      const response = await kit.put(uploadId, path, bytes);
      expect(response.status, path).toBe(201);
      expect(response.body).toEqual({ ok: true, value: { path, bytes: bytes.length } });
    }

    const { folder, name } = resolveUploadFolder(kit.studio.dataDir, uploadId);
    expect(name).toBe('my pets');
    expect(listFiles(folder)).toEqual(Object.keys(files).sort());
    for (const [path, bytes] of Object.entries(files)) {
      expect(Buffer.compare(readFileSync(join(folder, path)), bytes), path).toBe(0);
    }
    expect((await kit.invoke('uploads.status', { uploadId })).body).toEqual({
      ok: true,
      value: { files: 5, bytes: total },
    });

    // A retry (or a duplicate in the drop) replaces the earlier file, and the totals follow.
    const again = await kit.put(uploadId, 'cats/tabby 1.png', new Uint8Array([1, 2, 3]));
    expect(again.status).toBe(200);
    expect([...readFileSync(join(folder, 'cats/tabby 1.png'))]).toEqual([1, 2, 3]);
    expect((await kit.invoke('uploads.status', { uploadId })).body).toEqual({
      ok: true,
      value: { files: 5, bytes: total - 100_000 + 3 },
    });
    expect(listFiles(join(kit.staging(uploadId), 'partial'))).toEqual([]);
  });

  it('refuses paths that could leave the upload folder, and writes nothing for them', async () => {
    const uploadId = await kit.create(40, 1000);
    const refused = [
      '',
      '../evil.png',
      'cats/../../evil.png',
      '/etc/passwd',
      'cats//a.png',
      'cats/',
      './a.png',
      'cats/./a.png',
      'cats\\..\\..\\evil.png',
      'C:\\evil.png',
      'a\u0000.png',
      'a\n.png',
      'a\u007f.png',
      `${'x'.repeat(1001)}`,
      Array.from({ length: 33 }, () => 'd').join('/'),
      `${'n'.repeat(256)}.png`,
    ];
    for (const path of refused) {
      const response = await kit.put(uploadId, path, new Uint8Array([1]));
      expect(response.status, JSON.stringify(path)).toBe(400);
      expect(response.body, JSON.stringify(path)).toMatchObject({
        ok: false,
        error: { code: 'invalid_input', message: expect.stringMatching(/was refused: /) },
      });
    }
    // Exactly one `path` parameter.
    const twice = await fetch(`${kit.fileUrl(uploadId, 'a.png')}&path=b.png`, {
      method: 'PUT',
      headers: kit.auth,
      body: 'x',
    });
    expect(twice.status).toBe(400);
    expect(listFiles(kit.staging(uploadId))).toEqual(['upload.json']);
    expect(readdirSync(dirname(kit.studio.dataDir)).some((name) => name.startsWith('evil'))).toBe(false);
    expect(existsSync(join(kit.studio.dataDir, 'evil.png'))).toBe(false);

    // Deep but legal paths, and a file where a folder of the same name already is, are fine or a conflict.
    expect((await kit.put(uploadId, Array(32).fill('d').join('/'), new Uint8Array([1]))).status).toBe(201);
    const clash = await kit.put(uploadId, 'd/d', new Uint8Array([1]));
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('refuses crafted upload ids in the URL', async () => {
    for (const raw of [
      '/api/uploads/..%2f..%2fstudio.db/files',
      '/api/uploads/up_../files',
      '/api/uploads//files',
    ]) {
      const { status } = await rawRequest(kit.server.port, 'PUT', `${raw}?path=a.png`, kit.server.token);
      expect(status, raw).toBe(404);
    }
  });

  it('needs the token and the loopback Host, like every API route', async () => {
    const uploadId = await kit.create(1, 3);
    const none = await kit.put(uploadId, 'a.png', new Uint8Array([1, 2, 3]), { headers: {} });
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const wrong = await kit.put(uploadId, 'a.png', new Uint8Array([1]), {
      headers: { Authorization: 'Bearer nope' },
    });
    expect(wrong.status).toBe(401);
    const path = `/api/uploads/${uploadId}/files?path=a.png`;
    expect((await rawRequest(kit.server.port, 'PUT', path, kit.server.token, 'evil.example')).status).toBe(
      421,
    );
    expect(listFiles(join(kit.staging(uploadId), 'files'))).toEqual([]);
  });

  it('answers 404 for an unknown upload and 405 for other methods', async () => {
    const unknown = await kit.put('up_0000000000000000a', 'a.png', new Uint8Array([1]));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringMatching(/drop the folder again/) },
    });
    expect((await kit.invoke('uploads.status', { uploadId: 'up_0000000000000000a' })).status).toBe(404);
    const uploadId = await kit.create(1, 1);
    const get = await fetch(kit.fileUrl(uploadId, 'a.png'), { headers: kit.auth });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('PUT');
  });

  it('removes the staging folder on cancel', async () => {
    const uploadId = await kit.create(2, 10);
    expect((await kit.put(uploadId, 'cats/a.png', new Uint8Array(10))).status).toBe(201);
    expect(existsSync(kit.staging(uploadId))).toBe(true);
    expect((await kit.invoke('uploads.cancel', { uploadId })).body).toEqual({
      ok: true,
      value: { uploadId },
    });
    expect(existsSync(kit.staging(uploadId))).toBe(false);
    expect((await kit.invoke('uploads.status', { uploadId })).status).toBe(404);
    expect((await kit.put(uploadId, 'cats/b.png', new Uint8Array(1))).status).toBe(404);
    expect((await kit.invoke('uploads.cancel', { uploadId })).status).toBe(404);
  });

  it('refuses an announcement over the limits', async () => {
    const create = (fileCount: number, totalBytes: number) =>
      kit.invoke('uploads.create', { name: 'big', fileCount, totalBytes });
    const tooMany = await create(51, 10);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/holds 51 files; one upload takes at most 50/) },
    });
    const tooBig = await create(1, 65 * MiB);
    expect(tooBig.body).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringMatching(/65\.0 MiB; one upload takes at most 64\.0 MiB/),
      },
    });
    expect((await create(0, 0)).status).toBe(400);
    expect((await kit.invoke('uploads.create', { name: ' ', fileCount: 1, totalBytes: 1 })).status).toBe(400);
    const ok = await create(50, 64 * MiB);
    expect(ok.body).toMatchObject({
      ok: true,
      value: { uploadId: expect.stringMatching(/^up_/), maxFileBytes: 256 * MiB },
    });
  });

  it('refuses files beyond the announced count, but not a replacement', async () => {
    const uploadId = await kit.create(2, 30);
    expect((await kit.put(uploadId, 'a.png', new Uint8Array(10))).status).toBe(201);
    expect((await kit.put(uploadId, 'b.png', new Uint8Array(10))).status).toBe(201);
    const third = await kit.put(uploadId, 'c.png', new Uint8Array(10));
    expect(third.status).toBe(413);
    expect(third.body).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/announced 2 files/) },
    });
    expect((await kit.put(uploadId, 'b.png', new Uint8Array(10))).status).toBe(200);
  });

  it('refuses bytes beyond the announced total and its margin, declared or streamed', async () => {
    // Announced 1 KB: the margin lets 16 MiB more through, not 17.
    const uploadId = await kit.create(3, 1000);
    const declared = await kit.put(uploadId, 'a.bin', new Uint8Array(17 * MiB));
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/announced 1000 B/) },
    });
    const streamed = await kit.put(uploadId, 'b.bin', generatedBody(17 * MiB));
    expect(streamed.status).toBe(413);
    expect((await kit.put(uploadId, 'c.bin', generatedBody(MiB))).status).toBe(201);
    expect(listFiles(join(kit.staging(uploadId), 'files'))).toEqual(['c.bin']);
    expect(listFiles(join(kit.staging(uploadId), 'partial'))).toEqual([]);
  });
});

/** A request with a raw path and Host header, which fetch would normalise or forbid. */
function rawRequest(
  port: number,
  method: string,
  path: string,
  token: string,
  host = `127.0.0.1:${port}`,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { host, authorization: `Bearer ${token}` } },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end('x');
  });
}
