import { describe, expect, it } from 'vitest';
import { snapshotAtOrBefore } from './nearest-snapshot';

describe('snapshotAtOrBefore', () => {
  const snapshots = [{ step: 10 }, { step: 20 }, { step: 40 }];
  it('finds the last snapshot at or before the step', () => {
    expect(snapshotAtOrBefore(snapshots, 20)?.step).toBe(20);
    expect(snapshotAtOrBefore(snapshots, 39)?.step).toBe(20);
    expect(snapshotAtOrBefore(snapshots, 1000)?.step).toBe(40);
  });
  it('answers null before the first snapshot', () => {
    expect(snapshotAtOrBefore(snapshots, 9)).toBeNull();
    expect(snapshotAtOrBefore([], 9)).toBeNull();
  });
});
