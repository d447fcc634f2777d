import { describe, expect, it } from 'vitest';
import type { BatchSourceState } from './batch-source';
import { TOY_DATASETS, createToyBatchSource, isToyDatasetName, measureModeCoverage } from './toy-2d';

describe('TOY_DATASETS', () => {
  it('places ring8 on the unit circle and grid25 on {−4, −2, 0, 2, 4}²', () => {
    const { ring8, grid25 } = TOY_DATASETS;
    expect(ring8.modes).toHaveLength(8);
    for (const [x, y] of ring8.modes) expect(Math.hypot(x, y)).toBeCloseTo(1, 12);
    expect(ring8.sigma).toBe(0.01);
    expect(grid25.modes).toHaveLength(25);
    expect(new Set(grid25.modes.map(([x, y]) => `${x},${y}`)).size).toBe(25);
    for (const [x, y] of grid25.modes) {
      expect([-4, -2, 0, 2, 4]).toContain(x);
      expect([-4, -2, 0, 2, 4]).toContain(y);
    }
    expect(grid25.sigma).toBe(0.05);
    expect(isToyDatasetName('ring8')).toBe(true);
    expect(isToyDatasetName('toString')).toBe(false);
  });
});

describe('createToyBatchSource', () => {
  it('draws fresh points of kind points, deterministically from the seed', () => {
    const source = createToyBatchSource('ring8', { seed: 1 });
    expect(source).toMatchObject({ kind: 'points', sampleShape: [2], numClasses: 0 });
    expect(source.size).toBe(Number.POSITIVE_INFINITY);
    const batch = source.nextBatch(16);
    expect(batch.x).toHaveLength(32);
    expect(batch.labels).toBeNull();
    expect(createToyBatchSource('ring8', { seed: 1 }).nextBatch(16)).toEqual(batch);
    expect(createToyBatchSource('ring8', { seed: 2 }).nextBatch(16)).not.toEqual(batch);
  });

  it('labels points with their mode when asked', () => {
    const source = createToyBatchSource('grid25', { seed: 3, modeLabels: true });
    expect(source.numClasses).toBe(25);
    const { x, labels } = source.nextBatch(200);
    for (let i = 0; i < 200; i++) {
      const [mx, my] = TOY_DATASETS.grid25.modes[labels![i]!]!;
      expect(Math.hypot(x[2 * i]! - mx, x[2 * i + 1]! - my)).toBeLessThan(0.5);
    }
  });

  it('continues with exactly the same points after its state is restored', () => {
    const original = createToyBatchSource('grid25', { seed: 4 });
    original.nextBatch(33); // an odd number of normals: a spare is pending in the state
    const saved = JSON.parse(JSON.stringify(original.getState())) as BatchSourceState;
    const want = [original.nextBatch(10), original.nextBatch(7)];
    const resumed = createToyBatchSource('grid25', { seed: 5 });
    resumed.setState(saved);
    expect([resumed.nextBatch(10), resumed.nextBatch(7)]).toEqual(want);
    expect(() => createToyBatchSource('ring8', { seed: 5 }).setState(saved)).toThrow(/grid25|ring8/);
  });
});

describe('measureModeCoverage', () => {
  // For a true sample, ‖x − μ‖/σ is Rayleigh: P(r ≤ 3σ) = 1 − e^(−3²/2) = 1 − e^(−4.5) ≈ 98.89 %.
  const expectedPct = 100 * (1 - Math.exp(-4.5));

  for (const name of ['ring8', 'grid25'] as const) {
    it(`finds all ${name} modes and ≈98.9 % high-quality samples in the true distribution`, () => {
      const points = createToyBatchSource(name, { seed: 6 }).nextBatch(100_000).x;
      const coverage = measureModeCoverage(points, name);
      expect(coverage.modeCount).toBe(TOY_DATASETS[name].modes.length);
      expect(coverage.modesCaptured).toBe(coverage.modeCount);
      // Standard error: 100·√(p(1 − p)/n) ≈ 0.033 points; allow about 10.
      expect(Math.abs(coverage.highQualityPct - expectedPct)).toBeLessThan(0.3);
      const perModeTotal = coverage.perMode.reduce((a, b) => a + b, 0);
      expect(perModeTotal).toBe(Math.round((coverage.highQualityPct / 100) * 100_000));
    });
  }

  it('captures one mode when every point sits on one mode', () => {
    const [mx, my] = TOY_DATASETS.ring8.modes[3]!;
    const points = new Float32Array(200).map((_, i) => (i % 2 === 0 ? mx : my) + 0.001 * Math.sin(i));
    const coverage = measureModeCoverage(points, 'ring8');
    expect(coverage.modesCaptured).toBe(1);
    expect(coverage.highQualityPct).toBe(100);
    expect(coverage.perMode[3]).toBe(100);
  });

  it('counts far-away or diverged points as low quality and captures nothing', () => {
    const far = Float32Array.from([10, 10, -7, 3, 0, 0.5, Number.NaN, 0]);
    expect(measureModeCoverage(far, TOY_DATASETS.grid25)).toEqual({
      modesCaptured: 0,
      modeCount: 25,
      highQualityPct: 0,
      perMode: new Array(25).fill(0),
    });
    expect(measureModeCoverage(new Float32Array(0), 'ring8').highQualityPct).toBe(0);
    expect(() => measureModeCoverage(new Float32Array(3), 'ring8')).toThrow(RangeError);
  });
});
