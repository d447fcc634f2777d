import { describe, expect, it } from 'vitest';
import { isMediaPath } from './media';

describe('isMediaPath', () => {
  it('accepts dataset previews, run samples and export files, as the API names them', () => {
    for (const path of [
      'exports/exp-1/image-0001.png',
      'exports/exp-1/grid.png',
      'exports/exp-1/interpolation.GIF',
      'exports/exp-1/export.json',
      'exports/exp-1/metrics.csv',
      'exports/exp-1/points.csv',
      'datasets/ds_1/thumbs/0000.png',
      'datasets/ds_1/thumbs/mosaic.png',
      'runs/run_1/samples/100.png',
      'runs/run_1/samples/100.points.json',
      'runs/run_1/samples/a b.JPEG',
      'runs/run_1/samples/x.webp',
      'runs/run_1/samples/x.gif',
    ]) {
      expect(isMediaPath(path), path).toBe(true);
    }
  });

  it('refuses the store, manifests, checkpoints, other files and every way between folders', () => {
    for (const path of [
      'studio.db',
      'datasets/ds_1/manifest.json',
      'datasets/ds_1/images.u8',
      'runs/run_1/checkpoints/100/state.json',
      'runs/run_1/checkpoints/100/tensors.bin',
      'runs/run_1/samples/100.svg',
      'runs/run_1/samples/sub/100.png',
      'runs/run_1/samples/../checkpoints/100/state.json',
      'runs/run_1/samples/..\\checkpoints\\100\\state.json',
      'runs/./samples/x.png',
      'runs//samples/x.png',
      '/runs/run_1/samples/x.png',
      'runs/run_1/samples/x.png\0.png',
      'uploads/u1/x.png',
      'exports/exp-1/weights.bin',
      'exports/exp-1/sub/image-0001.png',
      'exports/exp-1.png',
      'exports/.exp-1.partial-0a1b2c/grid.png',
      'exports/../studio.db',
      'exports/exp-1/../../studio.db',
      'runs/run_1/samples/metrics.csv',
    ]) {
      expect(isMediaPath(path), path).toBe(false);
    }
  });
});
