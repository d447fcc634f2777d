import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { syncDirectory, writeFileSynced } from '../packed-format-io';
import { throwIfCancelled } from './cancel';

export const THUMBS_DIR = 'thumbs';
export const MOSAIC_FILE = 'mosaic.png';
/** The first THUMB_COUNT images get a PNG each (thumbs/0000.png…), and fill the 8×8 mosaic. */
export const THUMB_COUNT = 64;
const MOSAIC_COLUMNS = 8;
/** Thumbnails are never larger than this side, whatever the dataset's size. */
const MAX_THUMB_SIDE = 64;

export interface ThumbnailSource {
  /** count × side × side × channels, row-major. */
  readonly images: Uint8Array;
  readonly count: number;
  readonly side: number;
  readonly channels: 1 | 3;
}

function thumbName(index: number): string {
  return `${String(index).padStart(4, '0')}.png`;
}

/**
 * Writes `thumbs/` into a dataset folder that is not committed yet (writePackedDataset's beforeCommit):
 * the first images as small PNGs, so lists show previews without loading images.u8, and a mosaic of
 * them (MOSAIC_COLUMNS across, as many rows as needed) for the dataset card.
 */
export async function writeThumbnails(
  dir: string,
  source: ThumbnailSource,
  signal?: AbortSignal,
): Promise<void> {
  const { images, side, channels } = source;
  const count = Math.min(source.count, THUMB_COUNT);
  const thumbSide = Math.min(side, MAX_THUMB_SIDE);
  const rows = Math.max(1, Math.ceil(count / MOSAIC_COLUMNS));
  const mosaicWidth = MOSAIC_COLUMNS * thumbSide;
  const mosaic = new Uint8Array(mosaicWidth * rows * thumbSide * channels);
  const folder = join(dir, THUMBS_DIR);
  await mkdir(folder);
  for (let i = 0; i < count; i++) {
    throwIfCancelled(signal);
    const imageBytes = side * side * channels;
    const raw = { width: side, height: side, channels };
    let pixels = images.subarray(i * imageBytes, (i + 1) * imageBytes);
    if (thumbSide !== side) {
      pixels = await sharp(pixels, { raw }).resize(thumbSide, thumbSide).raw().toBuffer();
    }
    const thumbRaw = { width: thumbSide, height: thumbSide, channels };
    await writeFileSynced(
      join(folder, thumbName(i)),
      await sharp(pixels, { raw: thumbRaw }).png().toBuffer(),
    );
    // Copy the thumbnail's rows into its mosaic cell.
    const cellX = (i % MOSAIC_COLUMNS) * thumbSide;
    const cellY = Math.floor(i / MOSAIC_COLUMNS) * thumbSide;
    const rowBytes = thumbSide * channels;
    for (let y = 0; y < thumbSide; y++) {
      const to = ((cellY + y) * mosaicWidth + cellX) * channels;
      mosaic.set(pixels.subarray(y * rowBytes, (y + 1) * rowBytes), to);
    }
  }
  const mosaicRaw = { width: mosaicWidth, height: rows * thumbSide, channels };
  await writeFileSynced(join(folder, MOSAIC_FILE), await sharp(mosaic, { raw: mosaicRaw }).png().toBuffer());
  await syncDirectory(folder);
}
