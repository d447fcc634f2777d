import { describe, expect, it } from 'vitest';
import { alignSeries, currentEpisode, pointsSpanning, smoothCentered } from './series';

describe('alignSeries', () => {
  it('keeps the steps where every series is finite', () => {
    const rows = alignSeries([
      { steps: [1, 2, 3, 4, 6], values: [10, null, 30, 40, 60] },
      { steps: [2, 3, 4, 5, 6], values: [2, 3, null, 5, 6] },
    ]);
    expect(rows).toEqual({
      steps: [3, 6],
      columns: [
        [30, 60],
        [3, 6],
      ],
    });
  });

  it('answers null when a series is missing, and no rows for empty ones', () => {
    expect(alignSeries([{ steps: [1], values: [1] }, undefined])).toBeNull();
    expect(alignSeries([{ steps: [], values: [] }])).toEqual({ steps: [], columns: [[]] });
  });

  it('ignores steps beyond the values recorded', () => {
    expect(alignSeries([{ steps: [1, 2, 3], values: [5] }])?.steps).toEqual([1]);
  });
});

describe('smoothCentered', () => {
  it('averages a centred window, clipped at the ends', () => {
    expect([...smoothCentered([0, 3, 6, 9], 1)]).toEqual([1.5, 3, 6, 7.5]);
  });
});

describe('currentEpisode', () => {
  const flags = (text: string) => (i: number) => text[i] === '1';

  it('finds the trailing run, bridging short lapses', () => {
    expect(currentEpisode(8, flags('11001101'))).toEqual({ start: 7, end: 7 });
    expect(currentEpisode(8, flags('11001101'), 1)).toEqual({ start: 4, end: 7 });
    expect(currentEpisode(8, flags('11001101'), 2)).toEqual({ start: 0, end: 7 });
  });

  it('is null when the condition does not reach the latest point', () => {
    expect(currentEpisode(5, flags('11100'))).toBeNull();
    expect(currentEpisode(5, flags('11100'), 2)).toEqual({ start: 0, end: 2 });
    expect(currentEpisode(0, flags(''))).toBeNull();
  });
});

describe('pointsSpanning', () => {
  it('converts steps to points by the mean spacing', () => {
    expect(pointsSpanning([10, 20, 30, 40], 25)).toBe(3);
    expect(pointsSpanning([5], 100)).toBe(100);
    expect(pointsSpanning([1, 2], 0.1)).toBe(1);
  });
});

describe('alignSeries on the engine’s usual series', () => {
  it('hands back the recorded arrays when they share steps and are all finite', () => {
    const steps = [1, 2, 3];
    const values = [0.4, 0.5, 0.6];
    const rows = alignSeries([
      { steps, values },
      { steps: [1, 2, 3], values: [1, 2, 3] },
    ]);
    expect(rows?.steps).toBe(steps);
    expect(rows?.columns[0]).toBe(values);
  });
});
