import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage } from './decode-image';
import { parseImportOptions, type ImportOptionsInput } from './import-options';
import { bombPng, solid } from './test-corpus';

/** A 40×20 red image: wide, so each fit treats it differently. */
const wideRed = () => solid(40, 20, [255, 0, 0]).removeAlpha().png().toBuffer();

async function decode(bytes: Buffer, options: ImportOptionsInput) {
  const outcome = await decodeImage(bytes, '.png', parseImportOptions(options));
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.pixels;
}

const rgbAt = (pixels: Uint8Array, side: number, x: number, y: number) => [
  ...pixels.subarray((y * side + x) * 3, (y * side + x) * 3 + 3),
];

describe('decodeImage', () => {
  it('pads with the background colour for contain, fills for cover and stretch', async () => {
    const bytes = await wideRed();
    const contain = await decode(bytes, { size: 16, fit: 'contain', background: '#00ff00' });
    expect(rgbAt(contain, 16, 8, 0)).toEqual([0, 255, 0]);
    expect(rgbAt(contain, 16, 8, 8)).toEqual([255, 0, 0]);
    for (const fit of ['cover', 'stretch'] as const) {
      const filled = await decode(bytes, { size: 16, fit, background: '#00ff00' });
      expect(rgbAt(filled, 16, 8, 0)).toEqual([255, 0, 0]);
    }
  });

  it('gives one channel for gray and flattens transparency onto the background', async () => {
    const half = await solid(32, 32, [0, 0, 0], 0).png().toBuffer(); // fully transparent
    const gray = await decode(half, { size: 16, channels: 'gray', background: '#ffffff' });
    expect(gray).toHaveLength(16 * 16);
    expect(gray[0]).toBe(255);
  });

  it('refuses an image over the pixel limit from its header alone', async () => {
    const outcome = await decodeImage(bombPng(2000), '.png', parseImportOptions({ pixelLimit: 2_500_000 }));
    expect(outcome).toEqual({
      ok: false,
      kind: 'too_large',
      reason: '2000×2000 is over the 2.5-megapixel limit',
    });
  });

  it('measures the minimum side after EXIF rotation', async () => {
    const tall = await sharp(await wideRed())
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const outcome = await decodeImage(tall, '.jpg', parseImportOptions({ minSide: 30 }));
    expect(outcome).toEqual({
      ok: false,
      kind: 'too_small',
      reason: '20×40 is smaller than the minimum side 30',
    });
  });
});
