import { randomBytes } from 'node:crypto';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Deletes a folder (a dataset's, a run's) so that a crash part-way never leaves a half-deleted folder
 * under its own name: it is first renamed, in one step, to a hidden `.<name>.partial-deleted-<random>`
 * sibling — a name the studio's start-up sweep (`removePartialWrites`) removes — and then removed.
 * A missing folder is not an error. Answers false, after logging why, when the folder could not be
 * removed (a file held open on Windows): callers have already dropped its row, and nothing lists it.
 */
export async function discardFolder(folder: string): Promise<boolean> {
  const hidden = join(
    dirname(folder),
    `.${basename(folder)}.partial-deleted-${randomBytes(6).toString('hex')}`,
  );
  let target = hidden;
  try {
    await rename(folder, hidden);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return true;
    target = folder; // cannot move it aside (Windows: in use): remove what can be removed in place
  }
  try {
    await rm(target, { recursive: true, force: true, maxRetries: 3 });
    return true;
  } catch (error) {
    console.error(`[studio] could not remove ${target}:`, error);
    return false;
  }
}
