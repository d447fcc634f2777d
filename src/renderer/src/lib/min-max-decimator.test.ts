import { describe, expect, it } from 'vitest';
import { MinMaxDecimator } from './min-max-decimator';

describe('MinMaxDecimator', () => {
  it('keeps every point while the series is short', () => {
    const d = new MinMaxDecimator(100);
    for (let x = 1; x <= 50; x++) d.add(x, x * 2);
    expect(d.points()).toHaveLength(50);
    expect(d.points()[10]).toEqual({ x: 11, y: 22 });
  });

  it('bounds a long series and keeps its extremes, spikes included', () => {
    const d = new MinMaxDecimator(500);
    for (let x = 1; x <= 100_000; x++) d.add(x, x === 77_777 ? 1_000 : Math.sin(x / 1000));
    const points = d.points();
    expect(points.length).toBeLessThanOrEqual(1000);
    expect(points.some((p) => p.x === 77_777 && p.y === 1_000)).toBe(true);
    expect(Math.min(...points.map((p) => p.y ?? 0))).toBeCloseTo(-1, 3);
    const xs = points.map((p) => p.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(points.at(-1)?.x).toBeGreaterThan(99_000);
  });

  it('keeps a NaN step as a gap', () => {
    const d = new MinMaxDecimator(10);
    for (let x = 1; x <= 100; x++) d.add(x, x === 40 ? null : 1);
    expect(d.points().some((p) => p.y === null)).toBe(true);
  });
});
