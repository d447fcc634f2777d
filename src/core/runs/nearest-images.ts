import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { MethodOutput, ParsedInput } from '../../shared/api/contract';
import { StudioError } from '../../shared/api/errors';
import type { TrainingConfig } from '../../shared/engine/training-config';
import { readPackedManifest } from '../datasets/packed-format';
import { getRunRecord } from '../store';

/**
 * "Is it memorising?": for every sample of an image snapshot, the trainer writes the nearest training
 * images in the studio's feature space beside the snapshot's PNG; `runs.nearest` reads them back with
 * those images' pixels, straight from the packed dataset file (no decoding, no tfjs on the host).
 */
export interface NearestImagesFile {
  readonly step: number;
  /** Training images the search covered (all of them up to 20,000). */
  readonly searched: number;
  /** The mean distance between two training images, for scale. */
  readonly typicalDistance: number;
  /** Per sample, in the snapshot grid's order: its nearest training images, nearest first. */
  readonly samples: readonly (readonly { readonly index: number; readonly distance: number }[])[];
}

/** Relative to the run folder. */
export function nearestImagesFile(step: number): string {
  return `samples/${step}.nearest.json`;
}

export async function readNearestImages(
  db: Database,
  dataDir: string,
  { id, step, sample }: ParsedInput<'runs.nearest'>,
): Promise<MethodOutput<'runs.nearest'>> {
  const run = getRunRecord(db, id);
  if (!run) throw new StudioError('not_found', `There is no run with id "${id}".`);
  const config = run.config as TrainingConfig;
  if (config.dataset.kind !== 'packed') {
    throw new StudioError(
      'invalid_input',
      'Nearest training images are for image runs; this run trains on 2-D points.',
    );
  }
  let file: NearestImagesFile;
  try {
    file = JSON.parse(
      await readFile(join(dataDir, 'runs', id, nearestImagesFile(step)), 'utf8'),
    ) as NearestImagesFile;
  } catch {
    throw new StudioError(
      'not_found',
      `The snapshot at step ${step} has no nearest-image data: it was taken by a GAN Studio before 0.2, or the run has no snapshot there.`,
    );
  }
  const neighbours = file.samples[sample];
  if (!neighbours) {
    throw new StudioError(
      'invalid_input',
      `The snapshot at step ${step} has ${file.samples.length} samples; there is no sample ${sample}.`,
    );
  }
  const datasetDir = join(dataDir, 'datasets', config.dataset.id);
  let manifest;
  try {
    manifest = await readPackedManifest(datasetDir);
  } catch {
    throw new StudioError(
      'not_found',
      `The run's dataset (${config.dataset.name}) has been deleted, so its images cannot be shown.`,
    );
  }
  const { height, width, channels, classNames } = manifest;
  const size = height * width * channels;
  const handle = await open(join(datasetDir, 'images.u8'), 'r');
  try {
    const images = await Promise.all(
      neighbours.map(async ({ index, distance }) => {
        const bytes = Buffer.alloc(size);
        await handle.read(bytes, 0, size, index * size);
        return { index, distance, pixels: bytes.toString('base64') };
      }),
    );
    return {
      step,
      sample,
      searched: file.searched,
      typicalDistance: file.typicalDistance,
      datasetCount: manifest.count,
      height,
      width,
      channels,
      classNames: [...classNames],
      neighbours: images,
    };
  } finally {
    await handle.close();
  }
}
