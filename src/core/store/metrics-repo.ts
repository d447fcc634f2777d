import type { Database } from 'better-sqlite3';
import { METRIC_BUCKET_STEPS } from './migrations/0003-metric-buckets';
import { prepareCached } from './statement-cache';

export interface MetricPoint {
  readonly name: string;
  readonly step: number;
  /** NaN is kept (stored as NULL): a diverging loss is worth seeing. */
  readonly value: number;
  /** Seconds since the Unix epoch, fractional. */
  readonly wallTime: number;
}

/** One metric of one run, in step order, as parallel typed arrays (cheap to send and to chart). */
export interface MetricSeries {
  steps: Float64Array;
  values: Float64Array;
  wallTimes: Float64Array;
}

export interface StepRange {
  fromStep?: number;
  toStep?: number;
}

// Metric names are few and fixed per connection's lifetime; their ids are cached to skip a lookup per
// point. The cache only learns ids after a commit, so a rolled-back name never lingers in it.
const nameIds = new WeakMap<Database, Map<string, number>>();

function nameIdCache(db: Database): Map<string, number> {
  let cache = nameIds.get(db);
  if (cache === undefined) {
    cache = new Map();
    nameIds.set(db, cache);
  }
  return cache;
}

function findOrCreateNameId(db: Database, name: string): number {
  const found = prepareCached<[string], number>(db, 'SELECT id FROM metric_names WHERE name = ?')
    .pluck()
    .get(name);
  if (found !== undefined) return found;
  const inserted = prepareCached<[string]>(db, 'INSERT INTO metric_names (name) VALUES (?)').run(name);
  return Number(inserted.lastInsertRowid);
}

const EMPTY_BUCKET: BucketRow = {
  min_value: null,
  min_step: null,
  min_wall: null,
  max_value: null,
  max_step: null,
  max_wall: null,
  gap_step: null,
};

function addToBucket<B extends BucketRow>(block: B, step: number, value: number | null, wall: number): B {
  if (value === null) {
    if (block.gap_step === null || step < block.gap_step) block.gap_step = step;
    return block;
  }
  if (block.min_value === null || value < block.min_value)
    [block.min_value, block.min_step, block.min_wall] = [value, step, wall];
  if (block.max_value === null || value > block.max_value)
    [block.max_value, block.max_step, block.max_wall] = [value, step, wall];
  return block;
}

// Merges a batch's summary of a block into the stored one: each extreme moves only when beaten.
const UPSERT_BUCKET = `INSERT INTO metric_buckets (run_id, metric_id, bucket, min_value, min_step, min_wall,
    max_value, max_step, max_wall, gap_step) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (run_id, metric_id, bucket) DO UPDATE SET
    min_step = CASE WHEN min_value IS NULL OR excluded.min_value < min_value THEN excluded.min_step ELSE min_step END,
    min_wall = CASE WHEN min_value IS NULL OR excluded.min_value < min_value THEN excluded.min_wall ELSE min_wall END,
    min_value = CASE WHEN min_value IS NULL OR excluded.min_value < min_value THEN excluded.min_value ELSE min_value END,
    max_step = CASE WHEN max_value IS NULL OR excluded.max_value > max_value THEN excluded.max_step ELSE max_step END,
    max_wall = CASE WHEN max_value IS NULL OR excluded.max_value > max_value THEN excluded.max_wall ELSE max_wall END,
    max_value = CASE WHEN max_value IS NULL OR excluded.max_value > max_value THEN excluded.max_value ELSE max_value END,
    gap_step = CASE WHEN gap_step IS NULL OR excluded.gap_step < gap_step THEN excluded.gap_step ELSE gap_step END`;

/**
 * Stores a batch of points in one transaction (one commit per batch; a few hundred thousand
 * points a second), and folds them into the per-block summary that long charts read
 * (readMetricSeriesDecimated). A point at a step already stored for that run and metric replaces it, so
 * a run resumed from an earlier checkpoint overwrites the steps it repeats.
 */
export function insertMetricPoints(db: Database, runId: string, points: readonly MetricPoint[]): void {
  if (points.length === 0) return;
  const cache = nameIdCache(db);
  const learned = new Map<string, number>();
  const insert = prepareCached<[string, number, number, number | null, number]>(
    db,
    `INSERT INTO metrics (run_id, metric_id, step, value, wall_time) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (run_id, metric_id, step) DO UPDATE
     SET value = excluded.value, wall_time = excluded.wall_time`,
  );
  db.transaction(() => {
    const blocks = new Map<string, BucketRow & { metricId: number; bucket: number }>();
    for (const point of points) {
      let metricId = cache.get(point.name) ?? learned.get(point.name);
      if (metricId === undefined) {
        metricId = findOrCreateNameId(db, point.name);
        learned.set(point.name, metricId);
      }
      const value = Number.isNaN(point.value) ? null : point.value;
      insert.run(runId, metricId, point.step, value, point.wallTime);
      const bucket = Math.floor(point.step / METRIC_BUCKET_STEPS);
      const key = `${metricId}:${bucket}`;
      const block = blocks.get(key) ?? { metricId, bucket, ...EMPTY_BUCKET };
      blocks.set(key, addToBucket(block, point.step, value, point.wallTime));
    }
    const upsert = prepareCached<unknown[]>(db, UPSERT_BUCKET);
    for (const b of blocks.values()) {
      upsert.run(
        runId,
        b.metricId,
        b.bucket,
        b.min_value,
        b.min_step,
        b.min_wall,
        b.max_value,
        b.max_step,
        b.max_wall,
        b.gap_step,
      );
    }
  })();
  // Inside a caller's transaction this commit is only a savepoint that may yet be rolled back.
  if (!db.inTransaction) for (const [name, id] of learned) cache.set(name, id);
}

const SERIES_COLUMNS = ['step', 'value', 'wall_time'] as const;

// One query per column, each plucked: better-sqlite3 then returns plain numbers instead of building an
// object or array per row, which measured 2-3x faster for 100k-point series than one three-column query.
function selectColumn(db: Database, column: (typeof SERIES_COLUMNS)[number]) {
  return prepareCached<[string, string, number, number], number | null>(
    db,
    `SELECT m.${column} FROM metrics m
     WHERE m.run_id = ?
       AND m.metric_id = (SELECT id FROM metric_names WHERE name = ?)
       AND m.step BETWEEN ? AND ?
     ORDER BY m.step`,
  ).pluck();
}

/** The points of one metric of one run between two steps (inclusive), in step order. */
export function readMetricSeries(
  db: Database,
  runId: string,
  name: string,
  range: StepRange = {},
): MetricSeries {
  const params = [
    runId,
    name,
    range.fromStep ?? Number.MIN_SAFE_INTEGER,
    range.toStep ?? Number.MAX_SAFE_INTEGER,
  ] as const;
  // One read transaction, so the three columns come from the same snapshot of the table.
  const [steps, values, wallTimes] = db.transaction(() =>
    SERIES_COLUMNS.map((column) => selectColumn(db, column).all(...params)),
  )();
  return {
    steps: Float64Array.from(steps ?? [], (step) => step ?? 0),
    values: Float64Array.from(values ?? [], (value) => value ?? Number.NaN),
    wallTimes: Float64Array.from(wallTimes ?? [], (time) => time ?? 0),
  };
}

interface BucketRow {
  min_value: number | null;
  min_step: number | null;
  min_wall: number | null;
  max_value: number | null;
  max_step: number | null;
  max_wall: number | null;
  gap_step: number | null;
}

/**
 * At most about `maxPoints` points of one metric, for charts of long runs. Reads the summary the store
 * keeps in blocks of METRIC_BUCKET_STEPS steps (migration 0003: each block's lowest and highest point,
 * with their own step and wall time, and its first NaN step), merges neighbouring blocks down to
 * `maxPoints / 2` groups and returns each group's extremes and gap in step order — so spikes and
 * divergence stay visible. Reads ~1/64 of the rows a full scan would. A range that holds fewer steps
 * than `maxPoints` is read whole (readMetricSeries).
 */
export function readMetricSeriesDecimated(
  db: Database,
  runId: string,
  name: string,
  maxPoints: number,
  range: StepRange = {},
): MetricSeries {
  const from = range.fromStep ?? Number.MIN_SAFE_INTEGER;
  const to = range.toStep ?? Number.MAX_SAFE_INTEGER;
  // Two index probes (SQLite answers a lone MIN or MAX from the key without scanning).
  const edge = (fn: 'MIN' | 'MAX') =>
    prepareCached<[string, string, number, number], number | null>(
      db,
      `SELECT ${fn}(step) FROM metrics WHERE run_id = ?
         AND metric_id = (SELECT id FROM metric_names WHERE name = ?) AND step BETWEEN ? AND ?`,
    )
      .pluck()
      .get(runId, name, from, to) ?? null;
  const [lo, hi] = db.transaction((): [number | null, number | null] => [edge('MIN'), edge('MAX')])();
  if (lo === null || hi === null || hi - lo + 1 <= maxPoints) return readMetricSeries(db, runId, name, range);

  const rows = prepareCached<[string, string, number, number], BucketRow>(
    db,
    `SELECT min_value, min_step, min_wall, max_value, max_step, max_wall, gap_step FROM metric_buckets
     WHERE run_id = ? AND metric_id = (SELECT id FROM metric_names WHERE name = ?) AND bucket BETWEEN ? AND ?
     ORDER BY bucket`,
  ).all(runId, name, Math.floor(lo / METRIC_BUCKET_STEPS), Math.floor(hi / METRIC_BUCKET_STEPS));
  const perGroup = Math.max(1, Math.ceil(rows.length / Math.max(1, Math.floor(maxPoints / 2))));
  const points: { step: number; value: number; wall: number }[] = [];
  for (let start = 0; start < rows.length; start += perGroup) {
    const group = mergeBuckets(rows.slice(start, start + perGroup));
    const kept: { step: number; value: number; wall: number }[] = [];
    if (group.min_step !== null)
      kept.push({ step: group.min_step, value: group.min_value!, wall: group.min_wall ?? 0 });
    if (group.max_step !== null && group.max_step !== group.min_step) {
      kept.push({ step: group.max_step, value: group.max_value!, wall: group.max_wall ?? 0 });
    }
    if (group.gap_step !== null) {
      kept.push({ step: group.gap_step, value: Number.NaN, wall: group.min_wall ?? group.max_wall ?? 0 });
    }
    kept.sort((a, b) => a.step - b.step);
    // Blocks at the ends of a range may reach past it: keep only points inside.
    points.push(...kept.filter((p) => p.step >= from && p.step <= to));
  }
  return {
    steps: Float64Array.from(points, (p) => p.step),
    values: Float64Array.from(points, (p) => p.value),
    wallTimes: Float64Array.from(points, (p) => p.wall),
  };
}

function mergeBuckets(rows: readonly BucketRow[]): BucketRow {
  const merged: BucketRow = { ...rows[0]! };
  for (const row of rows.slice(1)) {
    if (row.min_value !== null && (merged.min_value === null || row.min_value < merged.min_value)) {
      [merged.min_value, merged.min_step, merged.min_wall] = [row.min_value, row.min_step, row.min_wall];
    }
    if (row.max_value !== null && (merged.max_value === null || row.max_value > merged.max_value)) {
      [merged.max_value, merged.max_step, merged.max_wall] = [row.max_value, row.max_step, row.max_wall];
    }
    if (row.gap_step !== null && (merged.gap_step === null || row.gap_step < merged.gap_step)) {
      merged.gap_step = row.gap_step;
    }
  }
  return merged;
}

/** The names of the metrics a run has points for, in alphabetical order. */
export function listMetricNames(db: Database, runId: string): string[] {
  // One index probe per known name, rather than scanning every point of the run for DISTINCT ids.
  return prepareCached<[string], string>(
    db,
    `SELECT n.name FROM metric_names n
     WHERE EXISTS (SELECT 1 FROM metrics m WHERE m.run_id = ? AND m.metric_id = n.id)
     ORDER BY n.name`,
  )
    .pluck()
    .all(runId);
}
