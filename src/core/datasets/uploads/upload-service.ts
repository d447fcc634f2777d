import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { MethodOutput, ParsedInput } from '../../../shared/api/contract';
import { StudioError } from '../../../shared/api/errors';
import { checkUploadPath, isUploadId, type UploadedFile } from '../../../shared/api/uploads';
import { formatBytes } from '../../../shared/format-bytes';
import { checkAnnounced, checkFreeSpace, describeFailure, totalRefusal } from './upload-checks';
import { writeFileAtomically } from '../../fs/atomic-folder';
import { createId } from '../../store/create-id';
import { allowedUploadBytes, type UploadLimits } from './upload-limits';
import {
  platformNameProblem,
  readUploadMeta,
  removeStaleUploads,
  scanStagedFiles,
  uploadNotFound,
  uploadPaths,
  type UploadMeta,
  type UploadPaths,
} from './upload-staging';
import { streamToFile, UploadRefusal } from './stream-to-file';

export interface ReceiveFileRequest {
  readonly uploadId: string;
  /** The relative path as the client sent it; checked here. */
  readonly path: string;
  readonly body: Readable;
  /** Content-Length when the client sent one, so an oversized file is refused before any byte is read. */
  readonly declaredBytes: number | null;
}

export interface ReceivedFile extends UploadedFile {
  /** An earlier file at the same path was replaced (a retry, or a duplicate in the drop). */
  readonly replaced: boolean;
}

/** One upload's bookkeeping; rebuilt from its folder when a restarted studio sees the id again. */
interface Session {
  readonly meta: UploadMeta;
  readonly paths: UploadPaths;
  readonly received: Map<string, number>;
  /** Paths whose bodies are arriving now, with how many times (a duplicate may race its original). */
  readonly arriving: Map<string, number>;
  readonly inFlight: Set<Promise<unknown>>;
  readonly controller: AbortController;
  committedBytes: number;
  arrivingBytes: number;
  state: 'open' | 'sealed';
}

export type UploadService = ReturnType<typeof createUploadService>;

/**
 * Browser uploads: `uploads.*` handlers plus the streaming entry the server's PUT route calls. Every
 * limit is enforced twice — on what the client announces (so it is told early) and on the bytes that
 * actually arrive (so a client that lies gains nothing).
 */
export function createUploadService(dataDir: string, limits: UploadLimits) {
  const sessions = new Map<string, Promise<Session>>();

  const load = async (uploadId: string): Promise<Session> => {
    const meta = readUploadMeta(dataDir, uploadId);
    if (!meta) throw uploadNotFound(uploadId);
    const paths = uploadPaths(dataDir, uploadId);
    // Partial files of a previous process can never complete: their senders are gone.
    await rm(paths.partial, { recursive: true, force: true });
    await mkdir(paths.partial, { recursive: true });
    const received = await scanStagedFiles(paths.files);
    const committedBytes = [...received.values()].reduce((sum, size) => sum + size, 0);
    return newSession(meta, paths, received, committedBytes);
  };

  const session = async (uploadId: string): Promise<Session> => {
    if (!isUploadId(uploadId)) throw uploadNotFound(uploadId);
    let pending = sessions.get(uploadId);
    if (!pending) {
      pending = load(uploadId);
      sessions.set(uploadId, pending);
      pending.catch(() => sessions.delete(uploadId));
    }
    const found = await pending;
    // Removed behind this process's back (stale clean-up, a person tidying the data folder).
    if (!existsSync(found.paths.meta)) {
      sessions.delete(uploadId);
      throw uploadNotFound(uploadId);
    }
    return found;
  };

  const remove = async (uploadId: string): Promise<boolean> => {
    const pending = sessions.get(uploadId);
    sessions.delete(uploadId);
    const found = pending ? await pending.catch(() => null) : null;
    if (found) {
      found.controller.abort(
        new UploadRefusal('cancelled', 'cancelled', `The upload "${found.meta.name}" was cancelled.`),
      );
      // On Windows an open partial file would keep its folder from being removed.
      await Promise.allSettled(found.inFlight);
    }
    const root = uploadPaths(dataDir, uploadId).root;
    const existed = isUploadId(uploadId) && existsSync(root);
    if (existed) await rm(root, { recursive: true, force: true });
    return existed || found !== null;
  };

  async function receive(s: Session, request: ReceiveFileRequest): Promise<ReceivedFile> {
    const checked = checkUploadPath(request.path);
    if (!checked.ok) {
      throw new StudioError(
        'invalid_input',
        // JSON quoting shows control characters as escapes rather than printing them.
        `The file path ${JSON.stringify(request.path.slice(0, 200))} was refused: ${checked.reason}.`,
      );
    }
    const nameProblem = platformNameProblem(checked.segments);
    if (nameProblem) {
      throw new StudioError('invalid_input', `The file path "${checked.path}" was refused: ${nameProblem}.`);
    }
    const path = checked.path;
    const what = `"${path}"`;
    if (s.state === 'sealed') {
      throw new StudioError(
        'conflict',
        `The upload "${s.meta.name}" is complete and being imported; it takes no more files.`,
      );
    }
    const isNew = !s.received.has(path) && !s.arriving.has(path);
    if (isNew && s.received.size + countNewArriving(s) >= s.meta.fileCount) {
      throw new UploadRefusal(
        'too_many_files',
        'invalid_input',
        `The upload "${s.meta.name}" announced ${s.meta.fileCount} files and ${what} would be one more; start a new upload.`,
      );
    }
    if (request.declaredBytes !== null) {
      if (request.declaredBytes > limits.maxFileBytes) {
        throw new UploadRefusal(
          'file_too_large',
          'invalid_input',
          `${what} is ${formatBytes(request.declaredBytes)}, larger than ${formatBytes(limits.maxFileBytes)}, the most one file may be; leave it out or shrink it.`,
        );
      }
      if (s.committedBytes + s.arrivingBytes + request.declaredBytes > s.meta.maxBytes) throw totalRefusal(s);
    }

    s.arriving.set(path, (s.arriving.get(path) ?? 0) + 1);
    let streamed = 0;
    const task = streamToFile(request.body, {
      partialDir: s.paths.partial,
      target: join(s.paths.files, ...checked.segments),
      maxFileBytes: limits.maxFileBytes,
      idleTimeoutMs: limits.idleTimeoutMs,
      signal: s.controller.signal,
      describe: () => what,
      onChunk(bytes) {
        if (s.committedBytes + s.arrivingBytes + bytes > s.meta.maxBytes) throw totalRefusal(s);
        s.arrivingBytes += bytes;
        streamed += bytes;
      },
    });
    s.inFlight.add(task);
    try {
      const bytes = await task;
      const previous = s.received.get(path);
      s.received.set(path, bytes);
      s.committedBytes += bytes - (previous ?? 0);
      return { path, bytes, replaced: previous !== undefined };
    } catch (error) {
      throw describeFailure(error, what);
    } finally {
      s.inFlight.delete(task);
      s.arrivingBytes -= streamed;
      const left = (s.arriving.get(path) ?? 1) - 1;
      if (left === 0) s.arriving.delete(path);
      else s.arriving.set(path, left);
    }
  }

  const handlers = {
    async 'uploads.create'(input: ParsedInput<'uploads.create'>): Promise<MethodOutput<'uploads.create'>> {
      checkAnnounced(input, limits);
      await checkFreeSpace(dataDir, input.totalBytes);
      const uploadId = createId('up');
      const paths = uploadPaths(dataDir, uploadId);
      await mkdir(paths.files, { recursive: true });
      await mkdir(paths.partial, { recursive: true });
      const meta: UploadMeta = {
        version: 1,
        id: uploadId,
        name: input.name,
        fileCount: input.fileCount,
        totalBytes: input.totalBytes,
        maxBytes: allowedUploadBytes(input.totalBytes, limits),
        createdAt: new Date().toISOString(),
      };
      writeFileAtomically(paths.meta, JSON.stringify(meta, null, 2));
      sessions.set(uploadId, Promise.resolve(newSession(meta, paths, new Map(), 0)));
      return { uploadId, maxFileBytes: limits.maxFileBytes };
    },
    async 'uploads.cancel'({ uploadId }: ParsedInput<'uploads.cancel'>) {
      if (!(await remove(uploadId))) throw uploadNotFound(uploadId);
      return { uploadId };
    },
    async 'uploads.status'({ uploadId }: ParsedInput<'uploads.status'>) {
      const s = await session(uploadId);
      return { files: s.received.size, bytes: s.committedBytes };
    },
  };

  return {
    handlers,
    /** Streams one file of an upload to its place; rejects with a StudioError (an UploadRefusal for limits). */
    async receiveFile(request: ReceiveFileRequest): Promise<ReceivedFile> {
      return receive(await session(request.uploadId), request);
    },
    /**
     * Closes an upload to further files and waits for those still arriving, so an importer reads a
     * folder that no longer changes. The folder stays until `remove`.
     */
    async seal(uploadId: string): Promise<{ folder: string; name: string; files: number; bytes: number }> {
      const s = await session(uploadId);
      s.state = 'sealed';
      await Promise.allSettled(s.inFlight);
      return { folder: s.paths.files, name: s.meta.name, files: s.received.size, bytes: s.committedBytes };
    },
    /** Removes an upload's folder (after its import, or on cancel); false when there was none. */
    remove,
    removeStale: (nowMs?: number) => removeStaleUploads(dataDir, limits.staleAfterMs, nowMs),
  };
}

function newSession(
  meta: UploadMeta,
  paths: UploadPaths,
  received: Map<string, number>,
  committedBytes: number,
): Session {
  return {
    meta,
    paths,
    received,
    arriving: new Map(),
    inFlight: new Set(),
    controller: new AbortController(),
    committedBytes,
    arrivingBytes: 0,
    state: 'open',
  };
}

function countNewArriving(s: Session): number {
  let count = 0;
  for (const path of s.arriving.keys()) if (!s.received.has(path)) count += 1;
  return count;
}
