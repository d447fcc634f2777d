import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

/**
 * Writes a folder so that readers see either nothing or all of it: files go into a hidden temporary
 * sibling, each is fsynced, then the folder is renamed into place and its parent fsynced. A crash
 * leaves at most a `.tmp-…` folder, which `removeStaleTemporaries` clears.
 */
export function writeFolderAtomically(
  target: string,
  files: Readonly<Record<string, Uint8Array | string>>,
): void {
  const parent = dirname(target);
  mkdirSync(parent, { recursive: true });
  const temporary = join(parent, `.tmp-${basename(target)}-${randomBytes(4).toString('hex')}`);
  mkdirSync(temporary);
  try {
    for (const [name, content] of Object.entries(files)) writeFileSynced(join(temporary, name), content);
    fsyncPath(temporary);
    // Replacing an existing folder (a step written again after resuming from an earlier checkpoint):
    // move the old one aside first, since rename cannot replace a non-empty folder.
    const aside = `${temporary}-old`;
    let movedAside = false;
    try {
      renameSync(target, aside);
      movedAside = true;
    } catch {
      // no previous folder
    }
    renameSync(temporary, target);
    fsyncPath(parent);
    if (movedAside) rmSync(aside, { recursive: true, force: true });
  } catch (error) {
    rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
}

/** Writes one file atomically (temp file, fsync, rename). */
export function writeFileAtomically(target: string, content: Uint8Array | string): void {
  mkdirSync(dirname(target), { recursive: true });
  const temporary = join(dirname(target), `.tmp-${basename(target)}-${randomBytes(4).toString('hex')}`);
  try {
    writeFileSynced(temporary, content);
    renameSync(temporary, target);
    fsyncPath(dirname(target));
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Writes a file and fsyncs it, so a later rename publishes its whole content. */
export function writeFileSynced(path: string, content: Uint8Array | string): void {
  const fd = openSync(path, 'w');
  try {
    writeFileSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Fsyncs a file or folder (best effort: Windows cannot fsync folders). */
export function fsyncPath(path: string): void {
  // Directories can be fsynced on POSIX; Windows refuses, and NTFS metadata is journaled anyway.
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // best effort
  }
}
