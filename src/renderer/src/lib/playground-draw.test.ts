import { describe, expect, it } from 'vitest';
import { toCanvas, toPlane } from './playground-draw';

describe('plane view', () => {
  const view = { extent: 1.5, size: 300 };
  it('puts the origin in the middle and +y at the top', () => {
    expect(toCanvas(view, 0, 0)).toEqual([150, 150]);
    expect(toCanvas(view, -1.5, 1.5)).toEqual([0, 0]);
    expect(toCanvas(view, 1.5, -1.5)).toEqual([300, 300]);
  });
  it('maps pixels back to the same point', () => {
    const [x, y] = toPlane(view, ...toCanvas(view, 0.4, -1.1));
    expect(x).toBeCloseTo(0.4);
    expect(y).toBeCloseTo(-1.1);
  });
});
