import { describe, expect, it } from 'vitest';
import { isUploadId } from '../../shared/api/uploads';
import { createId } from './create-id';

describe('createId', () => {
  it('makes short URL-safe ids with the prefix', () => {
    const id = createId('run', Date.UTC(2025, 0, 1));
    expect(id).toMatch(/^run_[0-9a-hjkmnp-tv-z]{17}$/);
    expect(encodeURIComponent(id)).toBe(id);
    expect(createId('ds')).toMatch(/^ds_/);
    expect(createId('exp')).toMatch(/^exp_/);
    expect(isUploadId(createId('up'))).toBe(true);
  });

  it('sorts as text in creation order', () => {
    const times = [0, 1, 31, 32, 1_000, 1_700_000_000_000, 1_700_000_000_001, 32_000_000_000_000];
    const ids = times.map((time) => createId('run', time));
    expect([...ids].reverse().sort()).toEqual(ids);
  });

  it('does not repeat within one millisecond', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => createId('ds', 1_700_000_000_000)));
    expect(ids.size).toBe(10_000);
  });
});
