import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

// The real client opens a WebSocket on import; the upload is tested against a stand-in studio and fetch.
const api = vi.hoisted(() => ({
  electron: false,
  uploads: { create: vi.fn(), cancel: vi.fn() },
}));
vi.mock('@renderer/api', () => ({
  studio: { uploads: api.uploads },
  getServerToken: () => 'tok',
  get runsInElectron() {
    return api.electron;
  },
}));

const { uploadFolder, UploadError } = await import('./upload-folder');

const MiB = 1024 * 1024;
const files = Array.from({ length: 10 }, (_, i) => ({
  file: new File([new Uint8Array(i + 1)], `${i}.png`),
  relativePath: `class ${i % 2}/${i}.png`,
}));

type Put = { url: URL; init: RequestInit };

describe('uploadFolder', () => {
  let puts: Put[];
  let inFlight: number;
  let maxInFlight: number;
  let answer: (put: Put) => Response | Promise<Response>;

  beforeEach(() => {
    puts = [];
    inFlight = 0;
    maxInFlight = 0;
    api.electron = false;
    api.uploads.create.mockResolvedValue({ ok: true, value: { uploadId: 'up_1', maxFileBytes: 256 * MiB } });
    api.uploads.cancel.mockResolvedValue({ ok: true, value: { uploadId: 'up_1' } });
    answer = () => Response.json({ ok: true, value: { path: 'x', bytes: 1 } }, { status: 201 });
    vi.stubGlobal('window', { location: { href: 'http://127.0.0.1:4000/datasets' } });
    vi.stubGlobal('fetch', async (url: URL, init: RequestInit) => {
      const put = { url, init };
      puts.push(put);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await new Promise((resolve) => setTimeout(resolve, 5));
        init.signal?.throwIfAborted();
        return await answer(put);
      } finally {
        inFlight -= 1;
      }
    });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.clearAllMocks();
  });

  it('announces the folder, then PUTs every file with the token, a few at a time', async () => {
    const progress: unknown[] = [];
    const result = await uploadFolder(files, 'pets', { onProgress: (p) => progress.push(p) });

    expect(result).toEqual({ uploadId: 'up_1' });
    expect(api.uploads.create).toHaveBeenCalledWith({ name: 'pets', fileCount: 10, totalBytes: 55 });
    expect(puts.map(({ url }) => `${url.pathname}?${url.search.slice(1)}`)).toContain(
      '/api/uploads/up_1/files?path=class+1%2F3.png',
    );
    expect(puts.map(({ url }) => url.searchParams.get('path')).sort()).toEqual(
      files.map((f) => f.relativePath).sort(),
    );
    expect(puts[0]?.init).toMatchObject({ method: 'PUT', headers: { Authorization: 'Bearer tok' } });
    expect(puts[0]?.init.body).toBeInstanceOf(File);
    expect(maxInFlight).toBe(4);
    expect(progress[0]).toEqual({ filesDone: 0, filesTotal: 10, bytesDone: 0, bytesTotal: 55 });
    expect(progress.at(-1)).toEqual({ filesDone: 10, filesTotal: 10, bytesDone: 55, bytesTotal: 55 });
    expect(api.uploads.cancel).not.toHaveBeenCalled();
  });

  it("stops at the server's first refusal, cancels the upload and passes its sentence on", async () => {
    answer = ({ url }) =>
      url.searchParams.get('path') === 'class 0/4.png'
        ? Response.json(
            { ok: false, error: { code: 'invalid_input', message: 'No room for 4.png.' } },
            { status: 413 },
          )
        : Response.json({ ok: true, value: { path: 'x', bytes: 1 } }, { status: 201 });
    const failure = uploadFolder(files, 'pets');
    await expect(failure).rejects.toThrow('No room for 4.png.');
    await expect(failure).rejects.toBeInstanceOf(UploadError);
    expect(api.uploads.cancel).toHaveBeenCalledWith({ uploadId: 'up_1' });
    expect(puts.length).toBeLessThan(10);
  });

  it('aborts on the signal and cancels the upload', async () => {
    const controller = new AbortController();
    const upload = uploadFolder(files, 'pets', {
      signal: controller.signal,
      onProgress: (p) => p.filesDone === 2 && controller.abort(new Error('stopped by the person')),
    });
    await expect(upload).rejects.toThrow('stopped by the person');
    expect(api.uploads.cancel).toHaveBeenCalledWith({ uploadId: 'up_1' });
    expect(puts.length).toBeLessThan(10);
  });

  it('refuses a file over the server limit before sending anything', async () => {
    api.uploads.create.mockResolvedValue({ ok: true, value: { uploadId: 'up_1', maxFileBytes: 5 } });
    await expect(uploadFolder(files, 'pets')).rejects.toThrow(
      /"class 1\/5\.png" is 6 B; the studio takes files up to 5 B/,
    );
    expect(puts).toEqual([]);
    expect(api.uploads.cancel).toHaveBeenCalled();
  });

  it('reports a refused announcement and a lost connection as sentences', async () => {
    api.uploads.create.mockResolvedValueOnce({
      ok: false,
      error: { code: 'invalid_input', message: 'Too many files.' },
    });
    await expect(uploadFolder(files, 'pets')).rejects.toThrow('Too many files.');
    answer = () => {
      throw new TypeError('Failed to fetch');
    };
    await expect(uploadFolder(files, 'pets')).rejects.toThrow(/connection to the studio server was lost/);
  });

  it('is not for Electron, which imports folders from disk', async () => {
    api.electron = true;
    await expect(uploadFolder(files, 'pets')).rejects.toThrow(
      /desktop app imports a folder straight from disk/,
    );
    expect(api.uploads.create).not.toHaveBeenCalled();
  });
});
