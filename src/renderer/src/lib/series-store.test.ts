import { describe, expect, it } from 'vitest';
import { SeriesStore } from './series-store';

describe('SeriesStore', () => {
  it('appends in step order, skips overlap and keeps nulls as gaps', () => {
    const store = new SeriesStore();
    expect(
      store.append([{ name: 'loss_d', steps: [1, 2, 3], values: [0.5, null, 0.4], wallTimes: [0, 0, 0] }]),
    ).toBe(3);
    expect(store.append([{ name: 'loss_d', steps: [3, 4], values: [0.4, 0.3], wallTimes: [0, 0] }])).toBe(1);
    expect(store.get('loss_d').map((p) => p.x)).toEqual([1, 2, 3, 4]);
    expect(store.get('loss_d')[1]!.y).toBeNull();
    expect(store.latest('loss_d')).toBe(0.3);
    expect(store.lastStep).toBe(4);
    expect(store.has('loss_g')).toBe(false);
  });

  it('holds a long run: 100,000 points in one append', () => {
    const store = new SeriesStore();
    const steps = Array.from({ length: 100_000 }, (_, i) => i + 1);
    const values = steps.map((s) => Math.sin(s / 100));
    store.append([{ name: 'loss_g', steps, values, wallTimes: steps }]);
    expect(store.get('loss_g')).toHaveLength(100_000);
    expect(store.lastStep).toBe(100_000);
    expect(store.count('loss_g')).toBe(100_000);
    expect(store.drawable('loss_g').length).toBeLessThanOrEqual(1600);
  });
});
