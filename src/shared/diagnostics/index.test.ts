import { describe, expect, it } from 'vitest';
import { OBJECTIVES } from '../engine/objective';
import { diagnoseRun } from './index';
import { healthyCoverage, ramp, snapshotSteps, syntheticRun } from './testing/synthetic-runs';
import type { RunMetrics } from './types';

describe('diagnoseRun on healthy runs', () => {
  it.each([1, 2, 3, 4, 5])('says nothing about a healthy non-saturating run (seed %i)', (seed) => {
    const metrics = syntheticRun({ objective: 'nonsaturating', steps: 5000, seed });
    expect(diagnoseRun(metrics, { objective: 'nonsaturating', totalSteps: 5000 })).toEqual([]);
  });

  it.each(OBJECTIVES)('says nothing about a healthy %s run', (objective) => {
    const metrics = syntheticRun({ objective, steps: 8000, seed: 51 });
    expect(diagnoseRun(metrics, { objective, totalSteps: 8000 })).toEqual([]);
  });

  it('says nothing about a healthy 2-D run that captures every mode', () => {
    const snapshots = snapshotSteps(200, 4000);
    const metrics = { ...syntheticRun({ objective: 'nonsaturating', steps: 4000, seed: 52 }) };
    Object.assign(metrics, healthyCoverage(8, snapshots, 4000));
    expect(diagnoseRun(metrics, { objective: 'nonsaturating', totalSteps: 4000, modeCount: 8 })).toEqual([]);
  });

  it('says nothing about a healthy run part-way, or recorded every 10 steps', () => {
    const early = syntheticRun({ objective: 'nonsaturating', steps: 1500, seed: 53 });
    expect(diagnoseRun(early, { objective: 'nonsaturating', totalSteps: 20_000 })).toEqual([]);
    const sparse = syntheticRun({ objective: 'nonsaturating', steps: 20_000, seed: 54, every: 10 });
    expect(diagnoseRun(sparse, { objective: 'nonsaturating', totalSteps: 20_000 })).toEqual([]);
  });
});

describe('diagnoseRun on short or partial input', () => {
  const facts = { objective: 'minimax', totalSteps: 10_000, modeCount: 8 } as const;
  /**
   * A run that is as broken as it gets at every point: saturated D, frozen losses, one mode (in at most
   * two snapshots: three collapsed snapshots are enough evidence however short the run).
   */
  const broken = (steps: number): RunMetrics => {
    const stepsList = Array.from({ length: steps }, (_, i) => i + 1);
    const flat = (value: number, list = stepsList) => ({ steps: list, values: list.map(() => value) });
    const snapshots = stepsList.slice(0, 2);
    return {
      d_real: flat(0.999),
      d_fake: flat(0.001),
      grad_norm_g: flat(1e-6),
      loss_g: flat(-0.001),
      js: flat(0.69),
      modes_captured: flat(1, snapshots),
      high_quality_pct: flat(99, snapshots),
    };
  };

  it.each([0, 1, 2, 5, 19])('answers no alert and no error with %i points', (count) => {
    expect(diagnoseRun(broken(count), facts)).toEqual([]);
  });

  it('answers no alert without metrics, and ignores unknown ones', () => {
    expect(diagnoseRun({}, facts)).toEqual([]);
    expect(diagnoseRun({ something_else: { steps: [1, 2], values: [null, 3] } }, facts)).toEqual([]);
  });

  it('survives steps and values of different lengths', () => {
    const metrics = {
      d_fake: { steps: [1, 2, 3], values: [0.5] },
      loss_d: { steps: [1], values: [1, null] },
    };
    expect(() => diagnoseRun(metrics, facts)).not.toThrow();
  });

  it('reports a tiny run only once a condition has lasted its sustained window', () => {
    expect(diagnoseRun(broken(40), { objective: 'minimax', totalSteps: 40 })).toEqual([]);
  });
});

describe('diagnoseRun ordering', () => {
  it('puts critical alerts first, and lets dominance speak for a frozen D(G(z))', () => {
    const metrics = syntheticRun({
      objective: 'minimax',
      steps: 5000,
      seed: 55,
      changes: {
        d_fake: { mean: ramp(0.4, 1e-5, 1000, 1100), noise: 0 },
        d_real: { mean: ramp(0.6, 0.999, 1000, 1100), noise: 0 },
        loss_g: { mean: ramp(-0.5, -1e-5, 1000, 1100), noise: 0 },
        grad_norm_g: { mean: ramp(1, 1e-4, 1000, 1100), noise: 0 },
        js: { mean: ramp(0.1, 0.69, 1000, 1100), noise: 0.01 },
      },
    });
    const alerts = diagnoseRun(metrics, { objective: 'minimax', totalSteps: 5000 });
    expect(alerts.map((a) => [a.id, a.severity])).toEqual([
      ['discriminator-dominance', 'critical'],
      ['divergence-not-decreasing', 'warning'],
    ]);
  });
});

describe('diagnoseRun at 100,000 points per series', () => {
  const STEPS = 100_000;

  it('stays quiet on a healthy run', () => {
    const metrics = syntheticRun({ objective: 'nonsaturating', steps: STEPS, seed: 61 });
    expect(diagnoseRun(metrics, { objective: 'nonsaturating', totalSteps: STEPS })).toEqual([]);
  });

  it('finds a minimax saturation and dates it', () => {
    const metrics = syntheticRun({
      objective: 'minimax',
      steps: STEPS,
      seed: 62,
      changes: {
        d_fake: { mean: ramp(0.4, 0.01, 40_000, 41_000), noise: 0.01, range: [1e-6, 1] },
        d_real: { mean: ramp(0.6, 0.99, 40_000, 41_000), noise: 0.01, range: [0, 1] },
        grad_norm_g: { mean: ramp(1, 0.02, 40_000, 41_000), noise: 0.01, range: [1e-9, 10] },
      },
    });
    const alerts = diagnoseRun(metrics, { objective: 'minimax', totalSteps: STEPS });
    expect(alerts.map((a) => a.id)).toEqual(['discriminator-dominance']);
    expect(alerts[0]!.sinceStep).toBeGreaterThanOrEqual(40_000);
    expect(alerts[0]!.sinceStep).toBeLessThanOrEqual(41_500);
  });
});
