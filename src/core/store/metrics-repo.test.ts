import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricPoint } from './metrics-repo';
import {
  insertMetricPoints,
  listMetricNames,
  readMetricSeries,
  readMetricSeriesDecimated,
} from './metrics-repo';
import { deleteRun, insertRun } from './runs-repo';
import { cleanupTemp, openTempStore } from './test-support';

let db: Database;
let runId: string;
beforeEach(() => {
  db = openTempStore();
  runId = newRun();
});
afterEach(cleanupTemp);

function newRun(): string {
  return insertRun(db, { name: 'r', datasetId: null, recipe: 'mlp', config: {}, totalSteps: 1 }).id;
}

// Deterministic, distinct values per metric and step, so a misplaced point cannot pass.
const dLoss = (step: number) => Math.sin(step / 100) + step / 1e6;
const gLoss = (step: number) => Math.cos(step / 77) - step / 1e6;
const wall = (step: number) => 1_700_000_000 + step * 0.125;

describe('metrics repository', () => {
  it('stores 200k points in batches and reads ranges back exactly', () => {
    const steps = 100_000;
    const batchSteps = 2_000;
    for (let start = 0; start < steps; start += batchSteps) {
      const batch: MetricPoint[] = [];
      for (let step = start; step < start + batchSteps; step++) {
        batch.push({ name: 'd_loss', step, value: dLoss(step), wallTime: wall(step) });
        batch.push({ name: 'g_loss', step, value: gLoss(step), wallTime: wall(step) });
      }
      insertMetricPoints(db, runId, batch);
    }
    expect(db.prepare('SELECT count(*) FROM metrics').pluck().get()).toBe(200_000);

    const all = readMetricSeries(db, runId, 'd_loss');
    expect(all.steps.length).toBe(steps);
    expect(all.values.length).toBe(steps);
    for (let i = 0; i < steps; i++) {
      if (all.steps[i] !== i || all.values[i] !== dLoss(i) || all.wallTimes[i] !== wall(i)) {
        throw new Error(`point ${i} differs: ${all.steps[i]} ${all.values[i]} ${all.wallTimes[i]}`);
      }
    }

    const range = readMetricSeries(db, runId, 'g_loss', { fromStep: 12_345, toStep: 54_320 });
    expect(range.steps.length).toBe(54_320 - 12_345 + 1);
    expect(range.steps[0]).toBe(12_345);
    expect(range.steps[range.steps.length - 1]).toBe(54_320);
    expect(range.values[0]).toBe(gLoss(12_345));
    expect(range.values[1000]).toBe(gLoss(13_345));
    expect(range.wallTimes[1000]).toBe(wall(13_345));

    expect(readMetricSeries(db, runId, 'd_loss', { fromStep: 99_990 }).steps).toEqual(
      Float64Array.from({ length: 10 }, (_, i) => 99_990 + i),
    );
    expect(readMetricSeries(db, runId, 'd_loss', { toStep: 2 }).values).toEqual(
      Float64Array.from([dLoss(0), dLoss(1), dLoss(2)]),
    );
  });

  it('decimates a long series to its extremes per bucket, spikes and gaps included', () => {
    const points: MetricPoint[] = [];
    for (let step = 1; step <= 100_000; step++) {
      const value = step === 54_321 ? 99 : step === 70_000 ? Number.NaN : dLoss(step);
      points.push({ name: 'loss_d', step, value, wallTime: wall(step) });
    }
    insertMetricPoints(db, runId, points);
    const series = readMetricSeriesDecimated(db, runId, 'loss_d', 2000);
    expect(series.steps.length).toBeLessThanOrEqual(2000 + 1000);
    expect(series.steps.length).toBeGreaterThan(1000);
    // Steps ascend, and each point is a stored point with its own value and wall time.
    for (let i = 1; i < series.steps.length; i++)
      expect(series.steps[i]).toBeGreaterThan(series.steps[i - 1]!);
    const at = (step: number) => series.steps.indexOf(step);
    expect(series.values[at(54_321)]).toBe(99);
    expect(Number.isNaN(series.values[at(70_000)]!)).toBe(true);
    const i = 10;
    const step = series.steps[i]!;
    expect(series.values[i]).toBeCloseTo(dLoss(step), 12);
    expect(series.wallTimes[i]).toBe(wall(step));
    // The extremes of the whole series survive.
    const finite = Array.from(series.values).filter(Number.isFinite);
    expect(Math.min(...finite)).toBeCloseTo(
      Math.min(...points.map((p) => p.value).filter(Number.isFinite)),
      12,
    );
    // A short series (or range) comes back whole.
    expect(
      readMetricSeriesDecimated(db, runId, 'loss_d', 2000, { fromStep: 1, toStep: 500 }).steps,
    ).toHaveLength(500);
  });

  it('reads in step order whatever the insert order', () => {
    const steps = [50, 3, 999, 0, 7, 120];
    insertMetricPoints(
      db,
      runId,
      steps.map((step) => ({ name: 'fps', step, value: step * 2, wallTime: step })),
    );
    const series = readMetricSeries(db, runId, 'fps');
    expect(Array.from(series.steps)).toEqual([0, 3, 7, 50, 120, 999]);
    expect(Array.from(series.values)).toEqual([0, 6, 14, 100, 240, 1998]);
  });

  it('keeps NaN and infinities, and lets a repeated step replace the old point', () => {
    insertMetricPoints(db, runId, [
      { name: 'g_loss', step: 1, value: Number.NaN, wallTime: 1 },
      { name: 'g_loss', step: 2, value: Number.POSITIVE_INFINITY, wallTime: 2 },
      { name: 'g_loss', step: 3, value: 0.25, wallTime: 3 },
    ]);
    insertMetricPoints(db, runId, [{ name: 'g_loss', step: 3, value: 0.75, wallTime: 30 }]);
    const series = readMetricSeries(db, runId, 'g_loss');
    expect(Array.from(series.steps)).toEqual([1, 2, 3]);
    expect(series.values[0]).toBeNaN();
    expect(series.values[1]).toBe(Number.POSITIVE_INFINITY);
    expect(series.values[2]).toBe(0.75);
    expect(series.wallTimes[2]).toBe(30);
  });

  it('answers empty series for unknown metrics, and keeps runs apart', () => {
    const other = newRun();
    insertMetricPoints(db, runId, [{ name: 'd_loss', step: 0, value: 1, wallTime: 0 }]);
    insertMetricPoints(db, other, [
      { name: 'js_estimate', step: 0, value: 0.5, wallTime: 0 },
      { name: 'd_loss', step: 0, value: 2, wallTime: 0 },
    ]);
    expect(readMetricSeries(db, runId, 'nope').steps.length).toBe(0);
    expect(Array.from(readMetricSeries(db, runId, 'd_loss').values)).toEqual([1]);
    expect(Array.from(readMetricSeries(db, other, 'd_loss').values)).toEqual([2]);
    expect(listMetricNames(db, runId)).toEqual(['d_loss']);
    expect(listMetricNames(db, other)).toEqual(['d_loss', 'js_estimate']);
  });

  it('rolls back a failed batch entirely, including new metric names', () => {
    const points: MetricPoint[] = [
      { name: 'new_metric', step: 0, value: 1, wallTime: 0 },
      { name: 'new_metric', step: 1, value: 2, wallTime: 1 },
    ];
    expect(() => insertMetricPoints(db, 'run_missing', points)).toThrow(/FOREIGN KEY/);
    expect(db.prepare('SELECT count(*) FROM metric_names').pluck().get()).toBe(0);
    // The name must not linger in the id cache either: this insert would then break its foreign key.
    insertMetricPoints(db, runId, points);
    expect(Array.from(readMetricSeries(db, runId, 'new_metric').values)).toEqual([1, 2]);
  });

  it('drops a run’s points with the run', () => {
    insertMetricPoints(db, runId, [{ name: 'd_loss', step: 0, value: 1, wallTime: 0 }]);
    deleteRun(db, runId);
    expect(readMetricSeries(db, runId, 'd_loss').steps.length).toBe(0);
    expect(listMetricNames(db, runId)).toEqual([]);
  });
});
