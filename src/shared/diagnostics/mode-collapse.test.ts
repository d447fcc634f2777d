import { describe, expect, it } from 'vitest';
import { diagnoseRun } from './index';
import { healthyCoverage, snapshotSeries, snapshotSteps, syntheticRun } from './testing/synthetic-runs';
import type { Alert, RunMetrics } from './types';

const STEPS = 5000;
const SNAPSHOTS = snapshotSteps(250, STEPS);

function run2d(coverage: RunMetrics, modeCount = 8) {
  const metrics = { ...syntheticRun({ objective: 'nonsaturating', steps: STEPS, seed: 11 }), ...coverage };
  return diagnoseRun(metrics, { objective: 'nonsaturating', totalSteps: STEPS, modeCount });
}

/** Modes captured and high-quality share per snapshot step. */
function coverage(modes: (step: number) => number, quality: (step: number) => number): RunMetrics {
  return {
    modes_captured: snapshotSeries(SNAPSHOTS, modes),
    high_quality_pct: snapshotSeries(SNAPSHOTS, quality),
  };
}

/** A run whose samples are sharp (90 % high quality) at every snapshot, capturing `modes(step)` modes. */
const sharpRun = (modes: (step: number) => number, modeCount = 8) =>
  run2d(
    coverage(modes, () => 90),
    modeCount,
  );
const collapseIn = (alerts: readonly Alert[]) => alerts.find((a) => a.id === 'mode-collapse');

describe('the mode-collapse alert on 2-D runs', () => {
  it('stays quiet on a healthy run, even with one snapshot missing a mode', () => {
    expect(run2d(healthyCoverage(8, SNAPSHOTS, STEPS))).toEqual([]);
    expect(run2d(healthyCoverage(25, SNAPSHOTS, STEPS), 25)).toEqual([]);
  });

  it('is critical when the modes captured drop to a few, since the first collapsed snapshot', () => {
    const alert = collapseIn(sharpRun((s) => (s < 3000 ? 8 : 3)));
    expect(alert).toMatchObject({ severity: 'critical', sinceStep: 3000 });
    expect(alert!.evidence).toContain('3 of 8 modes captured (down from 8)');
    expect(alert!.remedies.join(' ')).toMatch(/PacGAN/);
    expect(alert!.remedies.join(' ')).toMatch(/minibatch standard deviation/);
  });

  it('warns when one mode has been lost for the last snapshots', () => {
    expect(collapseIn(sharpRun((s) => (s < 4250 ? 8 : 7)))).toMatchObject({
      severity: 'warning',
      sinceStep: 4250,
    });
  });

  it('catches a generator parked on a few modes from the start, once its samples are sharp', () => {
    const alert = collapseIn(
      run2d(
        coverage(
          () => 2,
          (s) => Math.min(95, s / 20),
        ),
      ),
    );
    expect(alert).toMatchObject({ severity: 'critical', sinceStep: 1000 });
  });

  it('needs three collapsed snapshots in a row', () => {
    expect(sharpRun((s) => (s < 4750 ? 8 : 3))).toEqual([]);
    expect(collapseIn(sharpRun((s) => (s < 4500 ? 8 : 3)))).toBeDefined();
  });

  it('tolerates a couple of missing modes of grid25, not three', () => {
    expect(sharpRun((s) => (s < 1000 ? 10 : 23), 25)).toEqual([]);
    expect(collapseIn(sharpRun((s) => (s < 1000 ? 10 : 22), 25))).toBeDefined();
  });
});

describe('the mode-collapse alert on image runs', () => {
  const TOTAL = 10_000;
  const snapshots = snapshotSteps(500, TOTAL);

  function runImages(diversity: (step: number) => number) {
    const metrics = {
      ...syntheticRun({ objective: 'nonsaturating', steps: TOTAL, seed: 12, every: 10 }),
      diversity: snapshotSeries(snapshots, diversity),
      diversity_real: snapshotSeries(snapshots, () => 10),
    };
    return diagnoseRun(metrics, { objective: 'nonsaturating', totalSteps: TOTAL });
  }

  it('stays quiet on a healthy run, including the grey images of an untrained G', () => {
    expect(runImages((s) => (s <= 500 ? 1 : 8.5))).toEqual([]);
  });

  it('warns below half the real diversity, and is critical below a quarter', () => {
    expect(runImages((s) => (s < 6000 ? 8.5 : 4))[0]).toMatchObject({
      id: 'mode-collapse',
      severity: 'warning',
      sinceStep: 6000,
    });
    const alert = runImages((s) => (s < 6000 ? 8.5 : 2))[0];
    expect(alert).toMatchObject({ id: 'mode-collapse', severity: 'critical', sinceStep: 6000 });
    expect(alert!.evidence).toContain('20 % of the real data’s 10');
  });

  it('stays quiet while an untrained G is still gaining diversity, slowly', () => {
    // 10 % of the data's at the warm-up's end, then climbing: below half for many snapshots, but rising.
    expect(runImages((s) => Math.min(8.5, 1 + (7.5 * s) / 6000))).toEqual([]);
  });

  it('warns when diversity stays low without recovering, or falls', () => {
    expect(runImages((s) => (s <= 500 ? 1 : 3))[0]).toMatchObject({ id: 'mode-collapse' });
    expect(runImages((s) => (s < 6000 ? 8.5 : 4.8 - (s - 6000) / 2000))[0]).toMatchObject({
      id: 'mode-collapse',
      sinceStep: 6000,
    });
  });

  it('says nothing without the diversity metrics', () => {
    const metrics = syntheticRun({ objective: 'nonsaturating', steps: TOTAL, seed: 12, every: 10 });
    expect(diagnoseRun(metrics, { objective: 'nonsaturating', totalSteps: TOTAL })).toEqual([]);
  });
});
