import { describe, expect, it } from 'vitest';
import { SeriesStore } from './series-store';

describe('SeriesStore', () => {
  it('appends in step order, skips overlap and keeps nulls as gaps', () => {
    const store = new SeriesStore();
    const first = [{ name: 'loss_d', steps: [1, 2, 3], values: [0.5, null, 0.4], wallTimes: [0, 0, 0] }];
    expect(store.append(first)).toBe(3);
    expect(store.append([{ name: 'loss_d', steps: [3, 4], values: [0.4, 0.3], wallTimes: [0, 0] }])).toBe(1);
    expect(store.series('loss_d')).toEqual({ steps: [1, 2, 3, 4], values: [0.5, null, 0.4, 0.3] });
    expect(store.latest('loss_d')).toBe(0.3);
    expect(store.lastStep).toBe(4);
    expect(store.has('loss_g')).toBe(false);
    expect(store.series('loss_g')).toEqual({ steps: [], values: [] });
  });

  it('holds a long run: 100,000 points in one append, drawn as at most 1,600', () => {
    const store = new SeriesStore();
    const steps = Array.from({ length: 100_000 }, (_, i) => i + 1);
    const values = steps.map((s) => Math.sin(s / 100));
    store.append([{ name: 'loss_g', steps, values, wallTimes: steps }]);
    expect(store.count('loss_g')).toBe(100_000);
    expect(store.lastStep).toBe(100_000);
    expect(store.drawable('loss_g').length).toBeLessThanOrEqual(1600);
  });
});
