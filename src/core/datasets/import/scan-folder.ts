import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { StudioError } from '../../../shared/api/errors';
import { throwIfCancelled } from './cancel';
import { IMAGE_EXTENSIONS, extensionOf, isSystemName, unsupportedByName } from './image-files';
import type { ImportOptions } from './import-options';
import type { Reject } from './rejects';
import { describeAccessError, errorCode, inspectEntry, type InspectedEntry } from './scan-entry';

/** A file the decoder will try, in scan order. */
export interface Candidate {
  /** Absolute path as bytes: a name that is not valid UTF-8 must still open. */
  readonly path: Buffer;
  /** Relative to the scanned folder, '/'-separated, for display. */
  readonly relative: string;
  readonly extension: string;
  readonly size: number;
  /** Index into ScanResult.classNames, or -1 without labels. */
  readonly classIndex: number;
}

export interface ScanResult {
  readonly candidates: Candidate[];
  readonly rejects: Reject[];
  /** With labels 'subfolders': every readable immediate subfolder, in scan order (some may hold no image). */
  readonly classNames: string[];
}

export interface ScanOptions {
  readonly labels: ImportOptions['labels'];
  /** Called after each folder with the running totals. */
  readonly onProgress?: (found: number, skipped: number) => void;
}

interface Folder {
  readonly path: Buffer;
  readonly real: Buffer;
  readonly relative: Buffer;
  readonly depth: number;
  readonly classIndex: number;
}

const SEP = Buffer.from(sep);
const SLASH = Buffer.from('/');
/** Entries of one folder whose stat calls run at once. */
const STATS_IN_FLIGHT = 64;

/** A name as a person reads it: bytes that are not UTF-8 become U+FFFD (the file still opens by its bytes). */
export function displayName(bytes: Buffer): string {
  return bytes.toString('utf8');
}

function child(parent: Buffer, name: Buffer, separator: Buffer): Buffer {
  return parent.length === 0 ? name : Buffer.concat([parent, separator, name]);
}

/** Reads a folder; entries in byte order of their names, so every platform scans in the same order. */
async function listFolder(path: Buffer): Promise<Dirent<Buffer>[]> {
  const entries = await readdir(path, { encoding: 'buffer', withFileTypes: true });
  return entries.sort((a, b) => Buffer.compare(a.name, b.name));
}

async function openRoot(root: string): Promise<Buffer> {
  try {
    const info = await stat(root);
    if (!info.isDirectory()) {
      throw new StudioError(
        'invalid_input',
        `${root} is a file, not a folder; choose the folder that holds the images.`,
      );
    }
    return await realpath(root, { encoding: 'buffer' });
  } catch (error) {
    if (error instanceof StudioError) throw error;
    if (errorCode(error) === 'ENOENT') throw new StudioError('not_found', `There is no folder at ${root}.`);
    throw new StudioError(
      'invalid_input',
      `The folder ${root} cannot be read (${describeAccessError(error)}).`,
    );
  }
}

/**
 * Walks `root` depth first (a folder's files, then its subfolders, each in byte order of their names)
 * and sorts every entry into a candidate image or a reject with its reason. Symbolic links are followed,
 * each real folder and file only once, so a link back up the tree cannot loop. Nothing is decoded here:
 * only names, types and sizes are looked at.
 */
export async function scanFolder(
  root: string,
  options: ScanOptions,
  signal?: AbortSignal,
): Promise<ScanResult> {
  const rootReal = await openRoot(root);
  const candidates: Candidate[] = [];
  const rejects: Reject[] = [];
  const classNames: string[] = [];
  /** Real path (as latin1, a lossless key of the bytes) → where it was first met. */
  const seenFolders = new Map<string, string>([[rootReal.toString('latin1'), '']]);
  const seenFiles = new Map<string, string>();
  const stack: Folder[] = [
    { path: Buffer.from(root), real: rootReal, relative: Buffer.alloc(0), depth: 0, classIndex: -1 },
  ];
  const byLabels = options.labels === 'subfolders';

  const visitFolder = async (folder: Folder) => {
    let entries: Dirent<Buffer>[];
    try {
      entries = await listFolder(folder.path);
    } catch (error) {
      const reason = `the folder cannot be read (${describeAccessError(error)})`;
      rejects.push({ path: displayName(folder.relative), kind: 'unreadable', reason });
      return;
    }
    const subfolders: Folder[] = [];
    const visible: Dirent<Buffer>[] = [];
    for (const entry of entries) {
      const name = displayName(entry.name);
      const path = displayName(child(folder.relative, entry.name, SLASH));
      const hidden = entry.isDirectory() ? 'a hidden folder' : 'a hidden file';
      if (isSystemName(name))
        rejects.push({ path, kind: 'system', reason: 'a system file, not part of the images' });
      else if (name.startsWith('.')) rejects.push({ path, kind: 'hidden', reason: hidden });
      else visible.push(entry);
    }
    // The file system is asked about a batch of entries at once (stat waits on disk, not on us), then
    // the answers are taken in name order, so the outcome does not depend on which answer came first.
    for (let start = 0; start < visible.length; start += STATS_IN_FLIGHT) {
      const batch = visible.slice(start, start + STATS_IN_FLIGHT);
      const inspected = await Promise.all(
        batch.map((entry) =>
          inspectEntry(entry, child(folder.path, entry.name, SEP), child(folder.real, entry.name, SEP)),
        ),
      );
      batch.forEach((entry, k) => visitEntry(folder, entry, inspected[k]!, subfolders));
    }
    // Pushed in reverse so the stack pops them in name order: a depth-first walk in byte order.
    for (let i = subfolders.length - 1; i >= 0; i--) stack.push(subfolders[i]!);
  };

  const visitEntry = (
    folder: Folder,
    entry: Dirent<Buffer>,
    inspected: InspectedEntry,
    subfolders: Folder[],
  ) => {
    const relativeBytes = child(folder.relative, entry.name, SLASH);
    const relative = displayName(relativeBytes);
    const name = displayName(entry.name);
    const reject = (kind: Reject['kind'], reason: string) => rejects.push({ path: relative, kind, reason });
    if (!inspected.ok) return reject(inspected.kind, inspected.reason);
    const { real, isDirectory, isFile, size } = inspected;
    const path = child(folder.path, entry.name, SEP);
    const key = real.toString('latin1');
    if (isDirectory) {
      const first = seenFolders.get(key);
      if (first !== undefined) {
        reject(
          'link_loop',
          `a link to a folder already scanned (${first === '' ? 'the chosen folder' : first})`,
        );
        return;
      }
      seenFolders.set(key, relative);
      let classIndex = folder.classIndex;
      if (byLabels && folder.depth === 0) classIndex = classNames.push(name) - 1;
      subfolders.push({ path, real, relative: relativeBytes, depth: folder.depth + 1, classIndex });
      return;
    }
    if (!isFile) {
      reject('not_image', 'not a regular file');
      return;
    }
    const extension = extensionOf(name);
    if (!IMAGE_EXTENSIONS.has(extension)) {
      const unsupported = unsupportedByName(extension);
      if (unsupported) reject('unsupported', unsupported);
      else reject('not_image', `not an image file (${extension || 'no extension'})`);
      return;
    }
    if (size === 0) {
      reject('empty', 'the file is empty (0 bytes)');
      return;
    }
    if (byLabels && folder.depth === 0) {
      reject('no_class', 'not in a class subfolder (with labels from subfolders, each class is a folder)');
      return;
    }
    const first = seenFiles.get(key);
    if (first !== undefined) {
      reject('duplicate', `the same file as ${first} (reached through a link)`);
      return;
    }
    seenFiles.set(key, relative);
    candidates.push({ path, relative, extension, size, classIndex: folder.classIndex });
  };

  while (stack.length > 0) {
    throwIfCancelled(signal);
    await visitFolder(stack.pop()!);
    options.onProgress?.(candidates.length, rejects.length);
  }
  if (byLabels && classNames.length === 0) {
    throw new StudioError(
      'invalid_input',
      `Labels from subfolders need one subfolder per class in ${root}, and it has none. ` +
        'Sort the images into a folder per class, or import without labels.',
    );
  }
  return { candidates, rejects, classNames };
}
