import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runMigrations } from '../migrate';
import { insertMetricPoints, type MetricPoint } from '../metrics-repo';
import { cleanupTemp, makeTempDir, trackDb } from '../test-support';
import { init } from './0001-init';
import { runOwner } from './0002-run-owner';
import { metricBuckets } from './0003-metric-buckets';

const BUCKETS = `SELECT bucket, min_value, min_step, min_wall, max_value, max_step, max_wall, gap_step
  FROM metric_buckets ORDER BY run_id, metric_id, bucket`;

const POINTS: MetricPoint[] = Array.from({ length: 300 }, (_, i) => {
  const step = i + 1;
  const value = step === 100 ? Number.NaN : step === 150 ? -5 : Math.sin(step / 10);
  return { name: 'loss_d', step, value, wallTime: step / 2 };
});

function addRun(db: BetterSqlite3.Database): void {
  db.prepare(
    `INSERT INTO runs (id, name, recipe, config_json, config_hash, total_steps, created_at)
     VALUES ('run_a', 'a', 'mlp', '{}', 'h', 10, '2026-01-01T00:00:00.000Z')`,
  ).run();
}

describe('migration 0003 (metric buckets)', () => {
  it('summarises existing points as insertMetricPoints summarises new ones', () => {
    const dir = makeTempDir();
    try {
      const backfilled = trackDb(new BetterSqlite3(join(dir, 'old.db')));
      runMigrations(backfilled, [init, runOwner]);
      addRun(backfilled);
      backfilled.prepare("INSERT INTO metric_names (id, name) VALUES (1, 'loss_d')").run();
      const insert = backfilled.prepare(
        'INSERT INTO metrics (run_id, metric_id, step, value, wall_time) VALUES (?, 1, ?, ?, ?)',
      );
      for (const p of POINTS) insert.run('run_a', p.step, Number.isNaN(p.value) ? null : p.value, p.wallTime);
      expect(runMigrations(backfilled, [init, runOwner, metricBuckets])).toEqual([3]);

      const live = trackDb(new BetterSqlite3(join(dir, 'new.db')));
      runMigrations(live, [init, runOwner, metricBuckets]);
      addRun(live);
      // Two batches that split a block: the second merges into what the first stored.
      insertMetricPoints(live, 'run_a', POINTS.slice(0, 140));
      insertMetricPoints(live, 'run_a', POINTS.slice(140));

      const rows = backfilled.prepare(BUCKETS).all();
      expect(rows).toEqual(live.prepare(BUCKETS).all());
      // Steps 1–300 in blocks of 64: buckets 0–4; the spike and the NaN land where they belong.
      expect(rows).toHaveLength(5);
      expect(rows[2]).toMatchObject({ bucket: 2, min_value: -5, min_step: 150, min_wall: 75 });
      expect(rows[1]).toMatchObject({ bucket: 1, gap_step: 100 });
      backfilled.close();
      live.close();
    } finally {
      cleanupTemp();
    }
  });
});
