import { describe, expect, it } from 'vitest';
import { createPreset } from '../../shared/engine/architecture';
import { planImageExport, type ImageExportOptions } from './image-export-plan';

const options = (overrides: Partial<ImageExportOptions> = {}): ImageExportOptions => ({
  count: 4,
  seed: 1,
  upscale: 1,
  grid: true,
  interpolation: 0,
  gif: false,
  classIndex: null,
  ...overrides,
});
const images = createPreset('dcgan', { resolution: 16, channels: 1, baseWidth: 4 });
const conditional = createPreset('cdcgan', { resolution: 16, channels: 3, baseWidth: 4, numClasses: 3 });
const points = createPreset('mlp', { data: 'points', baseWidth: 8 });

describe('planImageExport', () => {
  it('names one PNG per image, with its class when the run is conditional', () => {
    expect(planImageExport(images, options()).images.map((i) => i.file)).toEqual([
      'image-0001.png',
      'image-0002.png',
      'image-0003.png',
      'image-0004.png',
    ]);
    expect(planImageExport(conditional, options()).images).toEqual([
      { file: 'image-0001-class-0.png', label: 0 },
      { file: 'image-0002-class-1.png', label: 1 },
      { file: 'image-0003-class-2.png', label: 2 },
      { file: 'image-0004-class-0.png', label: 0 },
    ]);
    expect(planImageExport(conditional, options({ classIndex: 1 })).images.every((i) => i.label === 1)).toBe(
      true,
    );
    expect(planImageExport(images, options({ count: 12345 })).images[0]?.file).toBe('image-00001.png');
  });

  it('counts progress as samples generated plus composite files written', () => {
    expect(planImageExport(images, options()).total).toBe(4 + 1);
    // 3 classes × 8 steps of interpolation, the strip and the GIF.
    const plan = planImageExport(conditional, options({ interpolation: 8, gif: true }));
    expect(plan.interpolationRows).toEqual([0, 1, 2]);
    expect(plan.total).toBe(4 + 1 + 24 + 1 + 1);
    expect(
      planImageExport(conditional, options({ interpolation: 8, classIndex: 2 })).interpolationRows,
    ).toEqual([2]);
    expect(planImageExport(points, options({ count: 100 })).total).toBe(100 + 2);
    expect(planImageExport(points, options({ count: 100, grid: false })).total).toBe(100 + 1);
  });

  it('refuses classes the run does not have, naming the valid range', () => {
    expect(() => planImageExport(conditional, options({ classIndex: 3 }))).toThrow(
      /no class 3: this run has 3 classes, numbered 0 to 2/,
    );
    expect(() => planImageExport(images, options({ classIndex: 0 }))).toThrow(/not conditional/);
  });

  it('refuses a GIF without an interpolation, and image-only options for 2-D runs', () => {
    expect(() => planImageExport(images, options({ gif: true }))).toThrow(/GIF animates the interpolation/);
    expect(() => planImageExport(images, options({ interpolation: 1 }))).toThrow(/2 steps or more/);
    expect(() => planImageExport(points, options({ upscale: 2 }))).toThrow(/2-D run exports points/);
  });

  it('scales composites down to fit, and refuses one that cannot fit at all', () => {
    // 64 images of 16 px at ×8: 8 × (128 + 2) + 2 = 1042 px, fits.
    expect(planImageExport(images, options({ count: 64, upscale: 8 })).gridScale).toBe(8);
    // 4096 images at ×8 would be 64 × 130 px = 8322 px: ×4 fits.
    expect(planImageExport(images, options({ count: 4096, upscale: 8 })).gridScale).toBe(4);
    const big = createPreset('dcgan', { resolution: 128, channels: 3, baseWidth: 4 });
    expect(() => planImageExport(big, options({ count: 4096 }))).toThrow(/over the 8,192 px limit/);
    expect(planImageExport(big, options({ count: 4096, grid: false })).gridScale).toBeNull();
  });
});
