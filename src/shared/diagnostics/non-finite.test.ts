import { describe, expect, it } from 'vitest';
import { diagnoseRun } from './index';
import { syntheticRun } from './testing/synthetic-runs';
import type { MetricSeries } from './types';

const facts = { objective: 'nonsaturating', totalSteps: 5000 } as const;

/** The series with nulls from `step` on (the engine stops a run soon after its first NaN). */
function nullFrom(series: MetricSeries, step: number): MetricSeries {
  return { steps: series.steps, values: series.values.map((v, i) => (series.steps[i]! >= step ? null : v)) };
}

describe('the NaN/Inf alert', () => {
  it('is critical from the first non-finite loss', () => {
    const run = syntheticRun({ objective: 'nonsaturating', steps: 1240, seed: 3 });
    const metrics = { ...run, loss_d: nullFrom(run.loss_d!, 1234), loss_g: nullFrom(run.loss_g!, 1236) };
    const alerts = diagnoseRun(metrics, facts);
    expect(alerts.map((a) => a.id)).toEqual(['non-finite']);
    expect(alerts[0]).toMatchObject({ severity: 'critical', sinceStep: 1234 });
    expect(alerts[0]!.evidence).toContain('loss_d, loss_g');
    expect(alerts[0]!.evidence).toContain('step 1234');
    expect(alerts[0]!.explanation).toMatch(/learning rate/);
  });

  it('reports a single non-finite gradient norm among finite values', () => {
    const run = syntheticRun({ objective: 'nonsaturating', steps: 2000, seed: 4 });
    const values = [...run.grad_norm_g!.values];
    values[1499] = null;
    const alerts = diagnoseRun({ ...run, grad_norm_g: { steps: run.grad_norm_g!.steps, values } }, facts);
    expect(alerts.find((a) => a.id === 'non-finite')).toMatchObject({ sinceStep: 1500 });
  });

  it('ignores nulls in throughput', () => {
    const run = syntheticRun({ objective: 'nonsaturating', steps: 2000, seed: 5 });
    const alerts = diagnoseRun({ ...run, images_per_second: nullFrom(run.images_per_second!, 10) }, facts);
    expect(alerts).toEqual([]);
  });
});
