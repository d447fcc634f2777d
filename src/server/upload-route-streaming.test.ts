import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MiB,
  generatedBody,
  listFiles,
  openFilesUnder,
  startUploadServer,
  until,
  type UploadServer,
} from './upload-test-kit';

/**
 * Large and misbehaving bodies against a real server: the body goes to disk as it arrives, a limit
 * stops it mid-stream, and a client that stalls or goes away leaves no file and no descriptor behind.
 * The per-file limit is the default (256 MiB); only the idle timeout is shortened.
 */
describe('upload route: streaming', () => {
  let kit: UploadServer;

  beforeAll(async () => {
    kit = await startUploadServer({ idleTimeoutMs: 400 });
  });
  afterAll(() => kit.close());

  it('refuses a 300 MiB file against the 256 MiB limit while streaming, without buffering it', async () => {
    const uploadId = await kit.create(1, 300 * MiB);
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    const started = Date.now();
    const response = await kit.put(uploadId, 'huge/scan.tif', generatedBody(300 * MiB));
    clearInterval(sampler);
    const grownMiB = (peak - before) / MiB;
    console.info(
      `[upload] 300 MiB streamed body refused after ${Date.now() - started} ms; peak RSS growth ${grownMiB.toFixed(1)} MiB (client and server in this process)`,
    );

    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expect(response.body).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_input',
        message: expect.stringMatching(/"huge\/scan\.tif" is larger than 256\.0 MiB/),
      },
    });
    expect(listFiles(join(kit.staging(uploadId), 'files'))).toEqual([]);
    await until(() => listFiles(join(kit.staging(uploadId), 'partial')).length === 0);
    expect(openFilesUnder(kit.staging(uploadId))).toEqual([]);
    // Buffered, the 256 MiB read before the refusal would all be in memory; streamed, the process
    // (client and server together) grows by a few dozen MiB of socket buffers and garbage.
    expect(grownMiB).toBeLessThan(128);
    expect((await kit.invoke('uploads.status', { uploadId })).body).toEqual({
      ok: true,
      value: { files: 0, bytes: 0 },
    });
  });

  it('refuses at once a file whose Content-Length is over the limit', async () => {
    const uploadId = await kit.create(1, 10);
    const response = await fetch(kit.fileUrl(uploadId, 'a.png'), {
      method: 'PUT',
      headers: { ...kit.auth, 'Content-Length': String(257 * MiB) },
      body: generatedBody(257 * MiB),
      duplex: 'half',
    } as RequestInit);
    // Refused on its header, before a byte of the body is read.
    expect(response.status).toBe(413);
    expect(response.headers.get('connection')).toBe('close');
    expect(await response.json()).toMatchObject({
      error: { message: expect.stringMatching(/is 257\.0 MiB/) },
    });
    expect(listFiles(kit.staging(uploadId))).toEqual(['upload.json']);
  });

  it('drops the partial file and its descriptor when the client goes away mid-file', async () => {
    const uploadId = await kit.create(1, 64 * MiB);
    const controller = new AbortController();
    const sending = kit.put(uploadId, 'cats/big.bin', generatedBody(64 * MiB, { stallAfter: 8 * MiB }), {
      signal: controller.signal,
    });
    await until(() => listFiles(join(kit.staging(uploadId), 'partial')).length === 1);
    // The detector sees the partial file while it is open (where /proc exists).
    if (process.platform === 'linux') expect(openFilesUnder(kit.staging(uploadId))).toHaveLength(1);
    controller.abort();
    await expect(sending).rejects.toThrow();
    await until(() => listFiles(join(kit.staging(uploadId), 'partial')).length === 0);
    expect(listFiles(join(kit.staging(uploadId), 'files'))).toEqual([]);
    expect(openFilesUnder(kit.staging(uploadId))).toEqual([]);
  });

  it('abandons a file whose body stalls, answering 408', async () => {
    const uploadId = await kit.create(1, 64 * MiB);
    const response = await kit.put(uploadId, 'slow.bin', generatedBody(64 * MiB, { stallAfter: 2 * MiB }));
    expect(response.status).toBe(408);
    expect(response.body).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/No data arrived/) },
    });
    await until(() => listFiles(join(kit.staging(uploadId), 'partial')).length === 0);
    expect(openFilesUnder(kit.staging(uploadId))).toEqual([]);
  });

  it('cancels files still arriving when the upload is cancelled', async () => {
    const uploadId = await kit.create(2, 64 * MiB);
    const sending = kit.put(uploadId, 'a.bin', generatedBody(64 * MiB, { stallAfter: 4 * MiB }));
    await until(() => listFiles(join(kit.staging(uploadId), 'partial')).length === 1);
    expect((await kit.invoke('uploads.cancel', { uploadId })).status).toBe(200);
    const response = await sending;
    expect(response.status).toBe(409);
    expect(response.body).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(listFiles(kit.staging(uploadId))).toEqual([]);
    expect(openFilesUnder(kit.staging(uploadId))).toEqual([]);
  });
});
