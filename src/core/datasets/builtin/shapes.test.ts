import { describe, expect, it } from 'vitest';
import { generateShapes, SHAPE_CLASSES } from './shapes';

describe('generateShapes', () => {
  it('draws count images of the requested size with a label each, deterministically', () => {
    const a = generateShapes({ resolution: 16, count: 30, seed: 7 });
    const b = generateShapes({ resolution: 16, count: 30, seed: 7 });
    expect(a.images.length).toBe(30 * 16 * 16 * 3);
    expect(Buffer.from(a.images).equals(Buffer.from(b.images))).toBe(true);
    expect(Array.from(a.labels).every((l) => l < SHAPE_CLASSES.length)).toBe(true);
    expect(new Set(a.labels).size).toBe(3);
    expect(generateShapes({ resolution: 16, count: 30, seed: 8 }).images).not.toEqual(a.images);
  });

  it('puts a shape on a background: each image has exactly two colours', () => {
    const { images } = generateShapes({ resolution: 32, count: 5, seed: 1 });
    for (let i = 0; i < 5; i++) {
      const colours = new Set<string>();
      for (let p = 0; p < 32 * 32; p++) {
        const o = (i * 32 * 32 + p) * 3;
        colours.add(`${images[o]},${images[o + 1]},${images[o + 2]}`);
      }
      expect(colours.size).toBe(2);
    }
  });

  it('can draw grayscale', () => {
    expect(generateShapes({ resolution: 16, count: 2, channels: 1 }).images.length).toBe(2 * 16 * 16);
  });
});
