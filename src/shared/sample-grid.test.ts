import { describe, expect, it } from 'vitest';
import { gridCellAt, gridCellOrigin, gridSize } from './sample-grid';

describe('sample grid', () => {
  it('lays 64 images of 16×16 out 8 by 8 with 2-px gaps', () => {
    expect(gridSize(64, 16, 16)).toEqual({
      columns: 8,
      rows: 8,
      width: 8 * 16 + 9 * 2,
      height: 8 * 16 + 9 * 2,
    });
    expect(gridCellOrigin(0, 64, 16, 16)).toEqual([2, 2]);
    expect(gridCellOrigin(9, 64, 16, 16)).toEqual([2 + 18, 2 + 18]);
  });

  it('finds the image under a pixel, and none on a gap or an empty cell', () => {
    expect(gridCellAt(2, 2, 64, 16, 16)).toBe(0);
    expect(gridCellAt(17, 17, 64, 16, 16)).toBe(0);
    expect(gridCellAt(18, 5, 64, 16, 16)).toBeNull();
    expect(gridCellAt(25, 25, 64, 16, 16)).toBe(9);
    // 5 images: a 3×2 grid whose last cell is empty.
    expect(gridCellAt(2 + 2 * 18 + 3, 2 + 18 + 3, 5, 16, 16)).toBeNull();
    expect(gridCellAt(2 + 18 + 3, 2 + 18 + 3, 5, 16, 16)).toBe(4);
  });
});
