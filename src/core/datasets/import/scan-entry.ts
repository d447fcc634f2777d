import type { Dirent } from 'node:fs';
import { lstat, realpath, stat } from 'node:fs/promises';
import type { Reject } from './rejects';

/** What the file system says about one folder entry, links followed. */
export type InspectedEntry =
  | {
      readonly ok: true;
      /** Real path with every link resolved: identifies the file or folder however it was reached. */
      readonly real: Buffer;
      readonly isDirectory: boolean;
      readonly isFile: boolean;
      /** Bytes, for files. */
      readonly size: number;
    }
  | { readonly ok: false; readonly kind: Reject['kind']; readonly reason: string };

export function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code;
}

export function describeAccessError(error: unknown): string {
  const code = errorCode(error);
  return code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? String(error));
}

/**
 * Types and sizes one entry: `real` is the parent's real path plus the name unless the entry is a link,
 * which is followed (stat) and resolved (realpath). A link that loops or dangles is a reject, not a throw.
 */
export async function inspectEntry(
  entry: Dirent<Buffer>,
  path: Buffer,
  real: Buffer,
): Promise<InspectedEntry> {
  let isDirectory = entry.isDirectory();
  let isFile = entry.isFile();
  try {
    let linked = entry.isSymbolicLink();
    if (!linked && !isFile && !isDirectory) {
      // Some file systems do not report entry types in the listing; ask for them.
      const info = await lstat(path);
      [linked, isFile, isDirectory] = [info.isSymbolicLink(), info.isFile(), info.isDirectory()];
    }
    if (linked) {
      const target = await stat(path);
      [isFile, isDirectory] = [target.isFile(), target.isDirectory()];
      real = await realpath(path, { encoding: 'buffer' });
    }
    const size = isFile ? (await stat(path)).size : 0;
    return { ok: true, real, isDirectory, isFile, size };
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ELOOP')
      return { ok: false, kind: 'link_loop', reason: 'a symbolic link that points back to itself' };
    if (code === 'ENOENT') {
      return { ok: false, kind: 'unreadable', reason: 'a symbolic link to something that does not exist' };
    }
    return { ok: false, kind: 'unreadable', reason: `cannot be read (${describeAccessError(error)})` };
  }
}
