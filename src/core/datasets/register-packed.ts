import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { DatasetSummary } from '../../shared/api/dto';
import { createId, insertDataset, updateDataset } from '../store';
import { writePackedDataset, type PackedDatasetInput, type WritePackedOptions } from './packed-format';

/** H×W×C uint8 mean of all images: the dataset card's "average image", and a quick sanity check. */
export function meanImage(images: Uint8Array, pixelsPerImage: number): Uint8Array {
  const count = images.length / pixelsPerImage;
  const sums = new Float64Array(pixelsPerImage);
  for (let i = 0; i < images.length; i++) sums[i % pixelsPerImage]! += images[i]!;
  return Uint8Array.from(sums, (s) => Math.round(s / Math.max(count, 1)));
}

/**
 * Writes a packed dataset into `datasets/<id>/` (atomically) and records it as ready. Used by every
 * import path once the images are decoded; the row only appears once the files are complete.
 */
export async function registerPackedDataset(
  db: Database,
  dataDir: string,
  dataset: PackedDatasetInput & {
    readonly name: string;
    readonly sourcePath: string | null;
    readonly options: unknown;
    /** Files the import left out (the manifest's rejects say which and why). */
    readonly skippedCount?: number;
    /** Already computed by the caller (a folder import sums it as it packs); computed here otherwise. */
    readonly meanImage?: Uint8Array;
  },
  write: Pick<WritePackedOptions, 'beforeCommit'> = {},
): Promise<DatasetSummary> {
  const id = createId('ds');
  const dir = join(dataDir, 'datasets', id);
  const manifest = await writePackedDataset(dir, dataset, write);
  try {
    insertDataset(db, {
      id,
      name: dataset.name,
      sourcePath: dataset.sourcePath,
      options: dataset.options,
      status: 'importing',
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true }); // no folder without its row
    throw error;
  }
  return updateDataset(db, id, {
    status: 'ready',
    imageCount: manifest.count,
    skippedCount: dataset.skippedCount ?? 0,
    width: manifest.width,
    height: manifest.height,
    channels: manifest.channels,
    classNames: manifest.classNames,
    classCounts: manifest.classCounts,
    meanImage:
      dataset.meanImage ?? meanImage(dataset.images, dataset.height * dataset.width * dataset.channels),
  });
}
