import {
  UPLOAD_PATH_PARAM,
  uploadFilesPath,
  type ErrorCode,
  type Result,
  type UploadedFile,
} from '@shared/api';
import { formatBytes } from '@shared/format-bytes';
import { getServerToken, runsInElectron, studio } from '@renderer/api';
import type { FileToUpload } from './collect-dropped-files';

export { collectDroppedFiles, collectSelectedFiles } from './collect-dropped-files';
export type { DroppedFolder, FileToUpload } from './collect-dropped-files';

export interface UploadProgress {
  readonly filesDone: number;
  readonly filesTotal: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

export interface UploadFolderOptions {
  /** Aborting stops every transfer and removes what the server received; the call rejects with the reason. */
  readonly signal?: AbortSignal;
  /** Called after each file the server has stored (and once at the start). */
  readonly onProgress?: (progress: UploadProgress) => void;
  /** Files sent at once: a few keep the connection busy without starving the WebSocket. */
  readonly concurrency?: number;
}

/** A failed upload, with the studio's error code and a sentence for the person. */
export class UploadError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UploadError';
  }
}

const DEFAULT_CONCURRENCY = 4;

/**
 * Sends a dropped folder to the server host: announces it (`uploads.create`, which refuses folders
 * over the server's limits), then PUTs each file's bytes — the browser streams a File from disk, it is
 * never read into memory here. Any failure or abort cancels the upload on the server, so no half
 * upload is left behind. Resolves with the id to import.
 */
export async function uploadFolder(
  files: readonly FileToUpload[],
  name: string,
  options: UploadFolderOptions = {},
): Promise<{ uploadId: string }> {
  if (runsInElectron) {
    throw new UploadError(
      'unavailable',
      'Uploading is for the studio in a browser. The desktop app imports a folder straight from disk: drop it on the window or choose it with Import.',
    );
  }
  options.signal?.throwIfAborted();
  const bytesTotal = files.reduce((sum, { file }) => sum + file.size, 0);
  const created = await studio.uploads.create({ name, fileCount: files.length, totalBytes: bytesTotal });
  if (!created.ok) throw new UploadError(created.error.code, created.error.message);
  const { uploadId, maxFileBytes } = created.value;

  const controller = new AbortController();
  const forwardAbort = (): void => controller.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', forwardAbort, { once: true });
  const progress = { filesDone: 0, filesTotal: files.length, bytesDone: 0, bytesTotal };
  try {
    const tooBig = files.find(({ file }) => file.size > maxFileBytes);
    if (tooBig) {
      throw new UploadError(
        'invalid_input',
        `"${tooBig.relativePath}" is ${formatBytes(tooBig.file.size)}; the studio takes files up to ${formatBytes(maxFileBytes)}. Leave it out of the folder or shrink it.`,
      );
    }
    options.onProgress?.({ ...progress });
    let next = 0;
    const worker = async (): Promise<void> => {
      for (;;) {
        controller.signal.throwIfAborted();
        const item = files[next++];
        if (!item) return;
        await putFile(uploadId, item, controller.signal);
        progress.filesDone += 1;
        progress.bytesDone += item.file.size;
        options.onProgress?.({ ...progress });
      }
    };
    const workers = Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, files.length));
    await Promise.all(Array.from({ length: workers }, worker));
    return { uploadId };
  } catch (error) {
    controller.abort();
    // Best effort: a server that is gone removes the leftovers itself after a day.
    await studio.uploads.cancel({ uploadId });
    throw options.signal?.aborted ? options.signal.reason : error;
  } finally {
    options.signal?.removeEventListener('abort', forwardAbort);
  }
}

async function putFile(
  uploadId: string,
  { file, relativePath }: FileToUpload,
  signal: AbortSignal,
): Promise<void> {
  const url = new URL(uploadFilesPath(uploadId), window.location.href);
  url.searchParams.set(UPLOAD_PATH_PARAM, relativePath);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'PUT',
      body: file,
      headers: { Authorization: `Bearer ${getServerToken()}`, 'Content-Type': 'application/octet-stream' },
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new UploadError(
      'unavailable',
      `Sending "${relativePath}" failed: the connection to the studio server was lost. Check that \`gan-studio serve\` is still running, then drop the folder again.`,
    );
  }
  const result = (await response.json().catch(() => null)) as Result<UploadedFile> | null;
  if (result && !result.ok) throw new UploadError(result.error.code, result.error.message);
  if (!response.ok || !result) {
    throw new UploadError('internal', `The studio server answered ${response.status} to "${relativePath}".`);
  }
}
