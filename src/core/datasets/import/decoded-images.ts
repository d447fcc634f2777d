import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { throwIfCancelled } from './cancel';
import type { Reject, RejectKind } from './rejects';
import type { Candidate } from './scan-folder';

export interface SkipOutcome {
  readonly ok: false;
  readonly kind: RejectKind;
  readonly reason: string;
}

/** Per-candidate results while decoding runs; slot i belongs to candidate i. */
export interface Slots {
  /** candidates × bytesPerImage; a slot holds pixels only where its outcome is 'ok'. */
  readonly pixels: Uint8Array;
  readonly outcomes: ('ok' | SkipOutcome | undefined)[];
  readonly hashes: string[];
  /** Index of the earlier candidate with the same bytes, or -1. */
  readonly duplicateOf: Int32Array;
  /** Per-byte sums over every slot decoded 'ok', added as each lands (spreads the cost over the import). */
  readonly sums: Float64Array;
}

/** Adds one image to the running per-byte sums of the mean image. */
export function addToSums(sums: Float64Array, pixels: Uint8Array, sign: 1 | -1 = 1): void {
  for (let b = 0; b < sums.length; b++) sums[b]! += sign * pixels[b]!;
}

/** The good images packed together in scan order, and everything said about the rest. */
export interface DecodedImages {
  /** count × bytesPerImage, a view of the buffer decoding wrote into (not a copy). */
  readonly images: Uint8Array;
  readonly count: number;
  /** The candidate's class index per image (-1 without labels). */
  readonly classIndices: Int32Array;
  readonly sources: string[];
  readonly hashes: string[];
  /** Decoding rejects in scan order. */
  readonly rejects: Reject[];
  /** Per-byte mean over the images (H×W×C): the dataset card's average image. */
  readonly mean: Uint8Array;
}

/** Bytes moved between yields to the event loop (a few ms of memmove), so packing never blocks it long. */
const BYTES_PER_SLICE = 16 * 1024 * 1024;

function rootOf(duplicateOf: Int32Array, i: number): number {
  let root = i;
  while (duplicateOf[root]! >= 0) root = duplicateOf[root]!;
  return root;
}

/**
 * Moves the good slots down over the skipped ones, in place and in slices: slot order is scan order, so
 * every move goes to a lower or equal offset and slot i is still intact when its turn comes. A slot
 * decoded 'ok' but found to be a duplicate afterwards is taken back out of the mean's sums here.
 */
export async function compactDecoded(
  candidates: readonly Candidate[],
  slots: Slots,
  bytesPerImage: number,
  signal?: AbortSignal,
): Promise<DecodedImages> {
  const classIndices = new Int32Array(candidates.length);
  const sources: string[] = [];
  const hashes: string[] = [];
  const rejects: Reject[] = [];
  const { sums } = slots;
  const imagesPerSlice = Math.max(1, Math.floor(BYTES_PER_SLICE / bytesPerImage));
  let count = 0;
  for (let i = 0; i < candidates.length; i++) {
    if (i % imagesPerSlice === 0 && i > 0) {
      await yieldToLoop();
      throwIfCancelled(signal);
    }
    const candidate = candidates[i]!;
    const outcome = slots.outcomes[i];
    if (slots.duplicateOf[i]! >= 0) {
      if (outcome === 'ok') {
        addToSums(sums, slots.pixels.subarray(i * bytesPerImage, (i + 1) * bytesPerImage), -1);
      }
      const first = candidates[rootOf(slots.duplicateOf, i)]!;
      rejects.push({ path: candidate.relative, kind: 'duplicate', reason: `duplicate of ${first.relative}` });
      continue;
    }
    if (outcome !== 'ok') {
      // Undefined only if a lane stopped early, which throws before compaction; kept as a defect report.
      const skip = outcome ?? { kind: 'damaged', reason: 'the file was not decoded (internal error)' };
      rejects.push({ path: candidate.relative, kind: skip.kind, reason: skip.reason });
      continue;
    }
    const from = i * bytesPerImage;
    const to = count * bytesPerImage;
    if (from !== to) slots.pixels.copyWithin(to, from, from + bytesPerImage);
    classIndices[count] = candidate.classIndex;
    sources.push(candidate.relative);
    hashes.push(slots.hashes[i]!);
    count += 1;
  }
  return {
    images: slots.pixels.subarray(0, count * bytesPerImage),
    count,
    classIndices: classIndices.subarray(0, count),
    sources,
    hashes,
    rejects,
    mean: Uint8Array.from(sums, (sum) => Math.round(sum / Math.max(count, 1))),
  };
}

/** A counting semaphore over bytes: bounds the source files held in memory at once. */
export class ByteBudget {
  private available: number;
  private readonly waiting: { readonly bytes: number; readonly wake: () => void }[] = [];

  constructor(private readonly total: number) {
    this.available = total;
  }

  /** Resolves with the bytes actually held (a file larger than the whole budget holds all of it). */
  async acquire(bytes: number): Promise<number> {
    const held = Math.min(bytes, this.total);
    if (this.waiting.length === 0 && held <= this.available) {
      this.available -= held;
      return held;
    }
    await new Promise<void>((wake) => this.waiting.push({ bytes: held, wake }));
    return held;
  }

  release(bytes: number): void {
    this.available += bytes;
    // First come, first served: a large file waiting is not starved by small ones behind it.
    while (this.waiting.length > 0 && this.waiting[0]!.bytes <= this.available) {
      const next = this.waiting.shift()!;
      this.available -= next.bytes;
      next.wake();
    }
  }
}
