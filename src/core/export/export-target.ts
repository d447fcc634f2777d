import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, rename, rm, rmdir, stat, unlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { StudioError } from '../../shared/api/errors';
import { fsyncPath } from '../fs/atomic-folder';

/**
 * Where an export's files go, written so that nobody ever sees half an export and nothing is ever
 * overwritten: files are written into a hidden `.<name>.partial-<random>` sibling of the target (the
 * studio's start-up sweep removes such folders in `exports/`), which is renamed into place only when
 * complete. A cancel or failure removes it; a crash leaves only it.
 */
export interface ExportTarget {
  /** The folder the export ends up in (absolute). */
  readonly dir: string;
  /** Where the files are written meanwhile: a folder (or, for a single-file target, the file). */
  readonly temp: string;
  /** Publishes the export; refuses (conflict) when something appeared at the target meanwhile. */
  commit(): Promise<void>;
  /** Removes what was written; never throws. */
  discard(): Promise<void>;
}

const partialName = (target: string): string =>
  join(dirname(target), `.${basename(target)}.partial-${randomBytes(6).toString('hex')}`);

const conflict = (message: string): never => {
  throw new StudioError('conflict', message);
};

/** `path` resolved, refused unless it is absolute: the host's working folder means nothing to a caller. */
export function absolute(path: string, what: string): string {
  if (!isAbsolute(path)) {
    throw new StudioError(
      'invalid_input',
      `The ${what} must be an absolute path on this machine, not "${path}".`,
    );
  }
  return resolve(path);
}

async function entriesOf(path: string): Promise<string[] | null> {
  const info = await stat(path).catch(() => null);
  if (!info) return null;
  if (!info.isDirectory())
    return conflict(`${path} exists and is not a folder; choose a new or empty folder.`);
  return readdir(path);
}

/**
 * A folder target: `outDir` (absolute; new, or an empty folder) or, without one, `exports/<exportId>/`
 * in the data directory (which must not exist yet).
 */
export async function prepareExportFolder(
  dataDir: string,
  exportId: string,
  outDir: string | undefined,
): Promise<ExportTarget> {
  const dir = outDir === undefined ? join(dataDir, 'exports', exportId) : absolute(outDir, 'export folder');
  const refuseExisting = async (): Promise<void> => {
    const entries = await entriesOf(dir);
    if (entries === null) return;
    if (outDir === undefined)
      conflict(`An export with id "${exportId}" exists already (${dir}); choose another id.`);
    if (entries.length > 0) {
      conflict(
        `${dir} already holds files, and an export never overwrites any: choose a new or empty folder.`,
      );
    }
  };
  await refuseExisting();
  await mkdir(dirname(dir), { recursive: true });
  const temp = partialName(dir);
  await mkdir(temp);
  return {
    dir,
    temp,
    async commit() {
      fsyncPath(temp);
      await refuseExisting();
      // An empty folder made for the export (or meanwhile): rename cannot replace it on every platform.
      await rmdir(dir).catch(() => undefined);
      await rename(temp, dir).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOTEMPTY' || error.code === 'EEXIST') await refuseExisting();
        throw error;
      });
      fsyncPath(dirname(dir));
    },
    discard: () => rm(temp, { recursive: true, force: true }).catch(() => undefined),
  };
}

/** A single-file target (absolute; must not exist): `dir` is its folder, `name` its name, `temp` a file. */
export async function prepareExportFile(outFile: string): Promise<ExportTarget & { readonly name: string }> {
  const file = absolute(outFile, 'output file');
  const refuseExisting = async (): Promise<void> => {
    if (await stat(file).catch(() => null))
      conflict(`${file} exists already, and an export never overwrites a file: choose a new name.`);
  };
  await refuseExisting();
  await mkdir(dirname(file), { recursive: true });
  const temp = partialName(file);
  return {
    dir: dirname(file),
    name: basename(file),
    temp,
    async commit() {
      fsyncPath(temp);
      // link(2) fails when the name is taken, so even a file that appeared meanwhile is never replaced.
      try {
        await link(temp, file);
        await unlink(temp);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') await refuseExisting();
        // File systems without hard links (FAT): check, then rename.
        if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw error;
        await refuseExisting();
        await rename(temp, file);
      }
      fsyncPath(dirname(file));
    },
    discard: () => rm(temp, { force: true }).catch(() => undefined),
  };
}
