import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { StudioError } from '../../../shared/api/errors';
import { isUploadId } from '../../../shared/api/uploads';

/**
 * Where browser uploads are staged before the folder importer reads them:
 *
 *   <dataDir>/uploads/<uploadId>/upload.json   what was announced (name, counts, limits, when)
 *   <dataDir>/uploads/<uploadId>/files/…       the dropped folder, by relative path
 *   <dataDir>/uploads/<uploadId>/partial/…     bodies still arriving; renamed into files/ when complete
 *
 * Partial files live beside files/, not inside it, so the importer never sees half a file, and on the
 * same file system, so completing one is a rename.
 */

export const UPLOADS_DIR = 'uploads';
const META_FILE = 'upload.json';

export const UploadMeta = z.object({
  version: z.literal(1),
  id: z.string(),
  name: z.string(),
  fileCount: z.number().int(),
  totalBytes: z.number(),
  /** The announced total plus its margin, capped: what the route lets this upload write. */
  maxBytes: z.number(),
  createdAt: z.string(),
});
export type UploadMeta = z.infer<typeof UploadMeta>;

export interface UploadPaths {
  readonly root: string;
  readonly meta: string;
  readonly files: string;
  readonly partial: string;
}

export function uploadPaths(dataDir: string, uploadId: string): UploadPaths {
  const root = join(dataDir, UPLOADS_DIR, uploadId);
  return { root, meta: join(root, META_FILE), files: join(root, 'files'), partial: join(root, 'partial') };
}

export function uploadNotFound(uploadId: string): StudioError {
  return new StudioError(
    'not_found',
    `There is no upload "${uploadId}". It may have been cancelled, imported already, or removed after a day unused; drop the folder again.`,
  );
}

export function readUploadMeta(dataDir: string, uploadId: string): UploadMeta | null {
  if (!isUploadId(uploadId)) return null;
  try {
    const parsed = UploadMeta.safeParse(
      JSON.parse(readFileSync(uploadPaths(dataDir, uploadId).meta, 'utf8')),
    );
    return parsed.success && parsed.data.id === uploadId ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The staged folder of an upload and the name of the folder the person dropped, for the importer.
 * The id is checked against its format first, so a crafted id can never name a path outside uploads/.
 */
export function resolveUploadFolder(dataDir: string, uploadId: string): { folder: string; name: string } {
  const meta = readUploadMeta(dataDir, uploadId);
  const paths = uploadPaths(dataDir, uploadId);
  if (!meta || !existsSync(paths.files)) throw uploadNotFound(uploadId);
  return { folder: paths.files, name: meta.name };
}

/** Every complete file of a staged upload with its size, keyed by `/`-separated relative path. */
export async function scanStagedFiles(filesDir: string): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) await walk(join(dir, entry.name), relative);
      else if (entry.isFile()) sizes.set(relative, (await stat(join(dir, entry.name))).size);
    }
  };
  await walk(filesDir, '');
  return sizes;
}

/**
 * Removes uploads created more than `maxAgeMs` ago (abandoned tabs, crashed imports), judged by the
 * announced creation time, or the folder's own time when its meta file is missing or unreadable.
 * Returns the ids removed. Only folders named like upload ids are touched.
 */
export async function removeStaleUploads(
  dataDir: string,
  maxAgeMs: number,
  nowMs: number = Date.now(),
): Promise<string[]> {
  const root = join(dataDir, UPLOADS_DIR);
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !isUploadId(entry.name)) continue;
    const paths = uploadPaths(dataDir, entry.name);
    const meta = await readFile(paths.meta, 'utf8')
      .then((text) => UploadMeta.safeParse(JSON.parse(text)))
      .catch(() => null);
    const createdMs = meta?.success
      ? Date.parse(meta.data.createdAt)
      : await stat(paths.root).then(
          (s) => s.mtimeMs,
          () => nowMs,
        );
    if (!(nowMs - createdMs > maxAgeMs)) continue;
    await rm(paths.root, { recursive: true, force: true });
    removed.push(entry.name);
  }
  return removed;
}

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * Names the shared path check lets through but this machine's file system cannot hold as sent: on
 * Windows `<>:"|?*`, reserved device names and trailing dots or spaces (which Windows silently drops,
 * so two different names could land on one file).
 */
export function platformNameProblem(
  segments: readonly string[],
  platform: NodeJS.Platform = process.platform,
): string | null {
  if (platform !== 'win32') return null;
  for (const segment of segments) {
    if (/[<>:"|?*]/.test(segment)) return `"${segment}" contains a character Windows does not allow in names`;
    if (WINDOWS_RESERVED.test(segment)) return `"${segment}" is a reserved device name on Windows`;
    if (/[. ]$/.test(segment)) return `"${segment}" ends with a dot or space, which Windows drops`;
  }
  return null;
}
