import { statfs } from 'node:fs/promises';
import type { ParsedInput } from '../../../shared/api/contract';
import { StudioError } from '../../../shared/api/errors';
import { formatBytes } from '../../../shared/format-bytes';
import { UploadRefusal } from './stream-to-file';
import type { UploadLimits } from './upload-limits';
import type { UploadMeta } from './upload-staging';

/** The checks and sentences of an upload: what was announced, what arrived, what went wrong. */

export function totalRefusal(s: { readonly meta: UploadMeta }): UploadRefusal {
  return new UploadRefusal(
    'upload_too_large',
    'invalid_input',
    `The upload "${s.meta.name}" announced ${formatBytes(s.meta.totalBytes)} and is sending more than ${formatBytes(s.meta.maxBytes)}; start a new upload.`,
  );
}

export function checkAnnounced(input: ParsedInput<'uploads.create'>, limits: UploadLimits): void {
  if (input.fileCount > limits.maxFiles) {
    throw new StudioError(
      'invalid_input',
      `The folder "${input.name}" holds ${input.fileCount} files; one upload takes at most ${limits.maxFiles}. Split it into smaller folders.`,
    );
  }
  if (input.totalBytes > limits.maxUploadBytes) {
    throw new StudioError(
      'invalid_input',
      `The folder "${input.name}" is ${formatBytes(input.totalBytes)}; one upload takes at most ${formatBytes(limits.maxUploadBytes)}. Split it, or run the import on the server with \`gan-studio import\`.`,
    );
  }
}

export async function checkFreeSpace(dataDir: string, neededBytes: number): Promise<void> {
  const stats = await statfs(dataDir).catch(() => null);
  if (!stats) return;
  const free = stats.bavail * stats.bsize;
  if (free < neededBytes) {
    throw new StudioError(
      'unavailable',
      `The studio's disk has ${formatBytes(free)} free and the folder needs ${formatBytes(neededBytes)}. Free some space and try again.`,
    );
  }
}

/** Node's file-system errors become sentences; refusals and other StudioErrors pass through. */
export function describeFailure(error: unknown, what: string): StudioError {
  if (error instanceof StudioError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (
    code === 'ENOTDIR' ||
    code === 'EISDIR' ||
    code === 'EEXIST' ||
    code === 'ENOTEMPTY' ||
    code === 'EPERM'
  ) {
    return new StudioError(
      'conflict',
      `${what} clashes with a folder or file of the same name in this upload.`,
    );
  }
  if (code === 'ENOSPC') {
    return new StudioError(
      'unavailable',
      `The studio's disk filled up while receiving ${what}. Free some space and try again.`,
    );
  }
  if (code === 'ENOENT') return new StudioError('not_found', `The upload receiving ${what} was removed.`);
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') {
    return new StudioError('cancelled', `The browser stopped sending ${what} before its end.`);
  }
  console.error(`[uploads] receiving ${what} failed unexpectedly:`, error);
  return new StudioError(
    'internal',
    `Receiving ${what} failed inside the studio. This is a bug; the details are in the studio's log.`,
  );
}
