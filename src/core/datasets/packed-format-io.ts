import { constants } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';

/** File helpers of the packed format: durable writes and the fixed byte order of labels.u32. */

/** Little-endian regardless of the host's byte order: the file format is fixed. */
export function encodeLabels(labels: Uint32Array): Uint8Array {
  const bytes = new Uint8Array(labels.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < labels.length; i++) view.setUint32(i * 4, labels[i]!, true);
  return bytes;
}

export function decodeLabels(bytes: Uint8Array): Uint32Array {
  const labels = new Uint32Array(bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < labels.length; i++) labels[i] = view.getUint32(i * 4, true);
  return labels;
}

export async function writeFileSynced(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Flushes a directory entry (a file created in it, a rename) to disk. Windows cannot open a directory
 * for this and has no need to; there the rename is already durable enough.
 */
export async function syncDirectory(path: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(path, constants.O_RDONLY);
    await handle.sync();
  } catch (error) {
    if (process.platform !== 'win32') throw error;
  } finally {
    await handle?.close();
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

export function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ENOENT';
}
