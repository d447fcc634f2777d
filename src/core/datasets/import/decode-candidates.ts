import { createHash, webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { StudioError } from '../../../shared/api/errors';
import { throwIfCancelled } from './cancel';
import { decodeImage, type DecodeSettings } from './decode-image';
import { imageBytes } from './import-options';
import { describeAccessError, errorCode } from './scan-entry';
import type { Candidate } from './scan-folder';
import {
  ByteBudget,
  addToSums,
  compactDecoded,
  type DecodedImages,
  type SkipOutcome,
  type Slots,
} from './decoded-images';

export type { DecodedImages } from './decoded-images';

export interface DecodeCandidatesOptions {
  readonly settings: DecodeSettings;
  readonly dedupe: boolean;
  /** Files in flight at once (read, hashed, decoded); see defaultConcurrency. */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  /** After each file, with the running totals of files finished and files skipped. */
  readonly onStep?: (done: number, skipped: number) => void;
}

/** File bytes held at once across all files in flight; a larger file is read alone. */
const BYTES_IN_FLIGHT = 256 * 1024 * 1024;
/** Below this a SHA-1 on the event loop takes well under a millisecond; above it, hash on the pool. */
const SYNC_HASH_BYTES = 1024 * 1024;
/** V8 in Node 20 refuses typed arrays over 2^32 bytes; say so before allocating. */
const MAX_DATASET_BYTES = 2 ** 32 - 1;

/**
 * sharp runs each decode on libuv's thread pool (UV_THREADPOOL_SIZE, 4 by default) with one libvips
 * thread per image on glibc, so more files in flight than pool threads only queue. Twice the usable
 * threads keeps every thread busy while other files are being read: measured fastest on 2 cores.
 */
export function defaultConcurrency(cores: number): number {
  const poolThreads = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  return Math.max(2, Math.min(cores, poolThreads) * 2);
}

async function sha1(bytes: Uint8Array): Promise<string> {
  if (bytes.length < SYNC_HASH_BYTES) return createHash('sha1').update(bytes).digest('hex');
  return Buffer.from(await webcrypto.subtle.digest('SHA-1', bytes)).toString('hex');
}

function readFailure(error: unknown, candidate: Candidate): SkipOutcome {
  const code = errorCode(error);
  if (code === 'ERR_FS_FILE_TOO_LARGE' || error instanceof RangeError) {
    const size = `${(candidate.size / 2 ** 30).toFixed(1)} GB`;
    return { ok: false, kind: 'too_large', reason: `the file is too large to read (${size})` };
  }
  const reason =
    code === 'ENOENT'
      ? 'the file disappeared during the import'
      : `the file cannot be read (${describeAccessError(error)})`;
  return { ok: false, kind: 'unreadable', reason };
}

/**
 * Reads, hashes and decodes every candidate, several at once, each straight into its slot of one
 * preallocated buffer (slot i = candidate i), then packs the good ones together in scan order. No more
 * than `concurrency` source files (and BYTES_IN_FLIGHT bytes of them) are in memory at a time.
 * De-duplication keeps the first file in scan order whatever order reads finish in.
 */
export async function decodeCandidates(
  candidates: readonly Candidate[],
  options: DecodeCandidatesOptions,
): Promise<DecodedImages> {
  const bytesPerImage = imageBytes(options.settings);
  if (candidates.length * bytesPerImage > MAX_DATASET_BYTES) {
    throw new StudioError(
      'invalid_input',
      `${candidates.length} images of ${options.settings.size}×${options.settings.size} would need more than 4 GB; ` +
        'choose a smaller size or import fewer images.',
    );
  }
  const slots: Slots = {
    pixels: new Uint8Array(candidates.length * bytesPerImage),
    outcomes: new Array<'ok' | SkipOutcome | undefined>(candidates.length),
    hashes: new Array<string>(candidates.length),
    duplicateOf: new Int32Array(candidates.length).fill(-1),
    sums: new Float64Array(bytesPerImage),
  };
  const firstByHash = new Map<string, number>();
  const skipped = new Uint8Array(candidates.length);
  const budget = new ByteBudget(BYTES_IN_FLIGHT);
  let skippedCount = 0;
  let done = 0;
  let next = 0;
  let failed = false;

  const markSkipped = (i: number) => {
    if (skipped[i] === 0) skippedCount += skipped[i] = 1;
  };
  /** Records the hash; answers false when the file repeats one earlier in scan order. */
  const isFirstOfItsBytes = (i: number, hash: string): boolean => {
    slots.hashes[i] = hash;
    if (!options.dedupe) return true;
    const first = firstByHash.get(hash);
    if (first === undefined || first > i) {
      firstByHash.set(hash, i);
      if (first !== undefined) {
        slots.duplicateOf[first] = i; // read before its earlier twin: that one is kept instead
        markSkipped(first);
      }
      return true;
    }
    slots.duplicateOf[i] = first;
    markSkipped(i);
    return false;
  };

  const processOne = async (i: number) => {
    const candidate = candidates[i]!;
    const held = await budget.acquire(candidate.size);
    try {
      let bytes: Buffer;
      try {
        bytes = await readFile(candidate.path);
      } catch (error) {
        slots.outcomes[i] = readFailure(error, candidate);
        return;
      }
      if (!isFirstOfItsBytes(i, await sha1(bytes))) return;
      const outcome = await decodeImage(bytes, candidate.extension, options.settings);
      if (outcome.ok) {
        slots.pixels.set(outcome.pixels, i * bytesPerImage);
        addToSums(slots.sums, outcome.pixels);
      }
      slots.outcomes[i] = outcome.ok ? 'ok' : outcome;
    } finally {
      budget.release(held);
    }
  };

  const lane = async () => {
    while (next < candidates.length && !failed) {
      throwIfCancelled(options.signal);
      const i = next++;
      await processOne(i);
      if (typeof slots.outcomes[i] === 'object') markSkipped(i);
      done += 1;
      options.onStep?.(done, skippedCount);
    }
  };

  const concurrency = Math.max(1, options.concurrency ?? defaultConcurrency(availableParallelism()));
  const results = await Promise.allSettled(
    Array.from({ length: Math.min(concurrency, candidates.length) }, () =>
      lane().catch((error: unknown) => {
        failed = true;
        throw error;
      }),
    ),
  );
  // Every lane has stopped: no decode still writes into the buffer once this returns or throws.
  const failure = results.find((result) => result.status === 'rejected');
  if (failure) throw failure.reason;
  return compactDecoded(candidates, slots, bytesPerImage, options.signal);
}
