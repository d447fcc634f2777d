import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { renderImageGrid, renderPointsPlot } from './sample-images';

describe('renderImageGrid', () => {
  it('lays N images out in a near-square grid with gaps, mapping [−1, 1] to [0, 255]', async () => {
    const n = 5;
    const data = new Float32Array(n * 4 * 4 * 3).fill(1); // white images
    data.fill(-1, 0, 4 * 4 * 3); // the first one black
    const png = await renderImageGrid(data, [n, 4, 4, 3]);
    const { data: pixels, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    // 3 columns × 2 rows of 4 px with 2-px gaps: 3·4 + 4·2 = 20 wide, 2·4 + 3·2 = 14 high.
    expect([info.width, info.height, info.channels]).toEqual([20, 14, 3]);
    const at = (x: number, y: number): number => pixels[(y * info.width + x) * 3] ?? -1;
    expect(at(2, 2)).toBe(0); // first image
    expect(at(8, 2)).toBe(255); // second image
    expect(at(0, 0)).toBe(24); // gap
  });

  it('keeps one channel for grayscale data', async () => {
    const png = await renderImageGrid(new Float32Array(4 * 2 * 2).fill(0), [4, 2, 2, 1]);
    const meta = await sharp(png).metadata();
    expect(meta.channels).toBe(1);
  });
});

describe('renderPointsPlot', () => {
  it('renders a PNG scatter', async () => {
    const png = await renderPointsPlot(Float32Array.from([0, 0, 1, 1]), { extent: 2, modes: [[1, 0]] });
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 512, 512]);
  });
});
