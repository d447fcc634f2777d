import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { finished, Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StudioError, type ErrorCode } from '../../../shared/api/errors';
import { formatBytes } from '../../../shared/format-bytes';

/** Why an upload refused a body; hosts pick their answer from it (HTTP: 413, 408, 409). */
export type RefusalReason = 'file_too_large' | 'upload_too_large' | 'too_many_files' | 'idle' | 'cancelled';

export class UploadRefusal extends StudioError {
  constructor(
    readonly reason: RefusalReason,
    code: ErrorCode,
    message: string,
  ) {
    super(code, message);
    this.name = 'UploadRefusal';
  }
}

export interface StreamToFileOptions {
  /** Folder for the partial file; must exist, on the same file system as `target`. */
  readonly partialDir: string;
  readonly target: string;
  readonly maxFileBytes: number;
  readonly idleTimeoutMs: number;
  /** Called for every chunk before it is written; throws to refuse the rest (the upload's total). */
  readonly onChunk: (bytes: number) => void;
  /** Aborting stops the write; the reason (a StudioError) is what this rejects with. */
  readonly signal: AbortSignal;
  readonly describe: () => string;
}

/**
 * Streams `body` into `target` without holding it in memory: into a partial file first, counting
 * bytes as they pass, then a rename, so `target` only ever holds a complete file. Any failure (a
 * limit, an idle client, a client that went away, a cancel) deletes the partial file and closes its
 * descriptor before this rejects.
 *
 * The body is piped, not handed to `pipeline`: pipeline destroys its source on error, and destroying
 * an HTTP request destroys its socket, so the host could not answer why it stopped. Left unpiped and
 * paused, the request stays the host's to answer and close.
 */
export async function streamToFile(body: Readable, options: StreamToFileOptions): Promise<number> {
  const controller = new AbortController();
  const stop = (reason: unknown): void => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const onOuterAbort = (): void => stop(options.signal.reason);
  options.signal.addEventListener('abort', onOuterAbort, { once: true });
  if (options.signal.aborted) onOuterAbort();
  const idle = setTimeout(
    () =>
      stop(
        new UploadRefusal(
          'idle',
          'cancelled',
          `No data arrived for ${Math.round(options.idleTimeoutMs / 1000)} s while receiving ${options.describe()}; it was abandoned. Upload it again.`,
        ),
      ),
    options.idleTimeoutMs,
  );

  let bytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      idle.refresh();
      bytes += chunk.length;
      try {
        if (bytes > options.maxFileBytes) {
          throw new UploadRefusal(
            'file_too_large',
            'invalid_input',
            `${options.describe()} is larger than ${formatBytes(options.maxFileBytes)}, the most one file may be; leave it out or shrink it.`,
          );
        }
        options.onChunk(chunk.length);
        callback(null, chunk);
      } catch (error) {
        callback(error as Error);
      }
    },
  });
  // A client that disconnects ends the request without an error the pipe would pass on.
  const stopWatchingBody = finished(body, (error) => {
    if (error) counter.destroy(error);
  });
  const partial = join(options.partialDir, `${randomBytes(8).toString('hex')}.part`);
  body.pipe(counter);
  try {
    await pipeline(counter, createWriteStream(partial, { flags: 'wx' }), { signal: controller.signal });
    await mkdir(dirname(options.target), { recursive: true });
    await rename(partial, options.target);
    return bytes;
  } catch (error) {
    await rm(partial, { force: true });
    if (controller.signal.aborted && controller.signal.reason instanceof StudioError) {
      throw controller.signal.reason;
    }
    throw error;
  } finally {
    clearTimeout(idle);
    stopWatchingBody();
    body.unpipe(counter);
    options.signal.removeEventListener('abort', onOuterAbort);
  }
}
