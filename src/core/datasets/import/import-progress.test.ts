import { describe, expect, it } from 'vitest';
import { createProgressReporter, type ImportProgress } from './import-progress';

describe('createProgressReporter', () => {
  it('reports at most every 250 ms unless forced, with rate and time left', () => {
    let now = 0;
    const seen: ImportProgress[] = [];
    const reporter = createProgressReporter(
      (p) => seen.push(p),
      () => now,
    );
    reporter.update({ phase: 'scanning', found: 10, done: 0, skipped: 0 });
    reporter.startRate();
    for (let done = 1; done <= 10; done++) {
      now += 100;
      reporter.update({ phase: 'decoding', found: 10, done, skipped: 0 });
    }
    reporter.update({ phase: 'decoding', found: 10, done: 10, skipped: 0 }, true);
    // t = 0, 300, 600, 900 (throttled), then the forced one at 1000.
    expect(seen.map((p) => p.done)).toEqual([0, 3, 6, 9, 10]);
    expect(seen[0]!.etaSeconds).toBeNull();
    expect(seen[1]).toMatchObject({ imagesPerSecond: 10, etaSeconds: 0.7 });
    expect(seen.at(-1)).toMatchObject({ imagesPerSecond: 10, etaSeconds: 0 });
  });
});
