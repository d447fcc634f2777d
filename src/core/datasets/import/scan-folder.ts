import type { Dirent } from 'node:fs';
import { lstat, readdir, realpath, stat } from 'node:fs/promises';
import { sep } from 'node:path';
import { StudioError } from '../../../shared/api/errors';
import { throwIfCancelled } from './cancel';
import { IMAGE_EXTENSIONS, extensionOf, isSystemName, unsupportedByName } from './image-files';
import type { ImportOptions } from './import-options';
import type { Reject } from './rejects';

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

/** A name as a person reads it: bytes that are not UTF-8 become U+FFFD (the file still opens by its bytes). */
export function displayName(bytes: Buffer): string {
  return bytes.toString('utf8');
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
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
      `The folder ${root} cannot be read (${errorCode(error) ?? String(error)}).`,
    );
  }
}

/**
 * Walks `root` depth first (a folder's files, then its subfolders, each in byte order of their names)
 * and sorts every entry into a candidate image or a reject with its reason. Symbolic links are followed, each real folder and file only once, so a link
 * back up the tree cannot loop. Nothing is decoded here: only names, types and sizes are looked at.
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
      const why =
        errorCode(error) === 'EACCES' || errorCode(error) === 'EPERM'
          ? 'permission denied'
          : errorCode(error);
      rejects.push({
        path: displayName(folder.relative),
        kind: 'unreadable',
        reason: `the folder cannot be read (${why})`,
      });
      return;
    }
    const subfolders: Folder[] = [];
    for (const entry of entries) {
      const relativeBytes = child(folder.relative, entry.name, SLASH);
      const relative = displayName(relativeBytes);
      const name = displayName(entry.name);
      const reject = (kind: Reject['kind'], reason: string) => rejects.push({ path: relative, kind, reason });
      if (isSystemName(name)) {
        reject('system', 'a system file, not part of the images');
        continue;
      }
      if (name.startsWith('.')) {
        reject('hidden', entry.isDirectory() ? 'a hidden folder' : 'a hidden file');
        continue;
      }
      const path = child(folder.path, entry.name, SEP);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      let real = child(folder.real, entry.name, SEP);
      let size = 0;
      try {
        let linked = entry.isSymbolicLink();
        if (!linked && !isFile && !isDirectory) {
          // Some file systems do not report entry types; ask for them.
          const info = await lstat(path);
          [linked, isFile, isDirectory] = [info.isSymbolicLink(), info.isFile(), info.isDirectory()];
        }
        if (linked) {
          const target = await stat(path);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
          real = await realpath(path, { encoding: 'buffer' });
        }
        if (isFile) size = (await stat(path)).size;
      } catch (error) {
        const code = errorCode(error);
        if (code === 'ELOOP') reject('link_loop', 'a symbolic link that points back to itself');
        else if (code === 'ENOENT') reject('unreadable', 'a symbolic link to something that does not exist');
        else reject('unreadable', `cannot be read (${code === 'EACCES' ? 'permission denied' : code})`);
        continue;
      }
      const key = real.toString('latin1');
      if (isDirectory) {
        const first = seenFolders.get(key);
        if (first !== undefined) {
          reject(
            'link_loop',
            `a link to a folder already scanned (${first === '' ? 'the chosen folder' : first})`,
          );
          continue;
        }
        seenFolders.set(key, relative);
        let classIndex = folder.classIndex;
        if (byLabels && folder.depth === 0) classIndex = classNames.push(name) - 1;
        subfolders.push({ path, real, relative: relativeBytes, depth: folder.depth + 1, classIndex });
        continue;
      }
      if (!isFile) {
        reject('not_image', 'not a regular file');
        continue;
      }
      const extension = extensionOf(name);
      if (!IMAGE_EXTENSIONS.has(extension)) {
        const unsupported = unsupportedByName(extension);
        if (unsupported) reject('unsupported', unsupported);
        else reject('not_image', `not an image file (${extension || 'no extension'})`);
        continue;
      }
      if (size === 0) {
        reject('empty', 'the file is empty (0 bytes)');
        continue;
      }
      if (byLabels && folder.depth === 0) {
        reject('no_class', 'not in a class subfolder (with labels from subfolders, each class is a folder)');
        continue;
      }
      const first = seenFiles.get(key);
      if (first !== undefined) {
        reject('duplicate', `the same file as ${first} (reached through a link)`);
        continue;
      }
      seenFiles.set(key, relative);
      candidates.push({ path, relative, extension, size, classIndex: folder.classIndex });
    }
    // Pushed in reverse so the stack pops them in name order: a depth-first walk in byte order.
    for (let i = subfolders.length - 1; i >= 0; i--) stack.push(subfolders[i]!);
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
