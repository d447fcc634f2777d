import type { Database } from 'better-sqlite3';
import { createId } from './create-id';
import { toTimestamp } from './sql-values';
import { parseJson } from './stable-json';

export interface SampleRecord {
  runId: string;
  step: number;
  /** The PNG grid, relative to the data directory. */
  path: string;
  createdAt: string;
}

export interface CheckpointRecord {
  runId: string;
  step: number;
  /** The checkpoint folder, relative to the data directory. */
  path: string;
  sizeBytes: number;
  createdAt: string;
}

export interface ExportRecord {
  id: string;
  /** Null once the run it came from is deleted: the exported files stay. */
  runId: string | null;
  kind: string;
  path: string;
  details: unknown;
  createdAt: string;
}

export interface NewExport {
  id?: string;
  runId: string | null;
  /** What was exported, e.g. `images`, `grid`, `interpolation`, `model`, `metrics-csv`. */
  kind: string;
  path: string;
  details?: unknown;
}

interface SampleRow {
  run_id: string;
  step: number;
  path: string;
  created_at: string;
}

interface CheckpointRow extends SampleRow {
  size_bytes: number;
}

interface ExportRow {
  id: string;
  run_id: string | null;
  kind: string;
  path: string;
  details_json: string;
  created_at: string;
}

function toCheckpoint(row: CheckpointRow): CheckpointRecord {
  return {
    runId: row.run_id,
    step: row.step,
    path: row.path,
    sizeBytes: row.size_bytes,
    createdAt: row.created_at,
  };
}

function toExport(row: ExportRow): ExportRecord {
  return {
    id: row.id,
    runId: row.run_id,
    kind: row.kind,
    path: row.path,
    details: parseJson(row.details_json),
    createdAt: row.created_at,
  };
}

/** Records a sample grid; one at a step already recorded (a resumed run) replaces it. */
export function insertSample(
  db: Database,
  sample: { runId: string; step: number; path: string },
  now = new Date(),
): SampleRecord {
  const record: SampleRecord = { ...sample, createdAt: toTimestamp(now) };
  db.prepare('INSERT OR REPLACE INTO samples (run_id, step, path, created_at) VALUES (?, ?, ?, ?)').run(
    record.runId,
    record.step,
    record.path,
    record.createdAt,
  );
  return record;
}

/** In step order. */
export function listSamples(db: Database, runId: string): SampleRecord[] {
  return db
    .prepare<[string], SampleRow>('SELECT * FROM samples WHERE run_id = ? ORDER BY step')
    .all(runId)
    .map((row) => ({
      runId: row.run_id,
      step: row.step,
      path: row.path,
      createdAt: row.created_at,
    }));
}

/** Records a checkpoint; one at a step already recorded (a resumed run) replaces it. */
export function insertCheckpoint(
  db: Database,
  checkpoint: { runId: string; step: number; path: string; sizeBytes: number },
  now = new Date(),
): CheckpointRecord {
  const record: CheckpointRecord = { ...checkpoint, createdAt: toTimestamp(now) };
  db.prepare(
    `INSERT OR REPLACE INTO checkpoints (run_id, step, path, size_bytes, created_at)
     VALUES (?, ?, ?, ?, ?)`,
  ).run(record.runId, record.step, record.path, record.sizeBytes, record.createdAt);
  return record;
}

/** In step order. */
export function listCheckpoints(db: Database, runId: string): CheckpointRecord[] {
  return db
    .prepare<[string], CheckpointRow>('SELECT * FROM checkpoints WHERE run_id = ? ORDER BY step')
    .all(runId)
    .map(toCheckpoint);
}

/** The checkpoint a resume starts from. */
export function getLatestCheckpoint(db: Database, runId: string): CheckpointRecord | undefined {
  const row = db
    .prepare<[string], CheckpointRow>('SELECT * FROM checkpoints WHERE run_id = ? ORDER BY step DESC LIMIT 1')
    .get(runId);
  return row === undefined ? undefined : toCheckpoint(row);
}

/** Forgets a checkpoint (after its folder was pruned); answers whether one was recorded. */
export function deleteCheckpoint(db: Database, runId: string, step: number): boolean {
  return db.prepare('DELETE FROM checkpoints WHERE run_id = ? AND step = ?').run(runId, step).changes > 0;
}

export function insertExport(db: Database, input: NewExport, now = new Date()): ExportRecord {
  const record: ExportRecord = {
    id: input.id ?? createId('exp', now.getTime()),
    runId: input.runId,
    kind: input.kind,
    path: input.path,
    details: input.details ?? {},
    createdAt: toTimestamp(now),
  };
  db.prepare(
    `INSERT INTO exports (id, run_id, kind, path, details_json, created_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  ).run(record.id, record.runId, record.kind, record.path, JSON.stringify(record.details), record.createdAt);
  return record;
}

export function getExport(db: Database, id: string): ExportRecord | undefined {
  const row = db.prepare<[string], ExportRow>('SELECT * FROM exports WHERE id = ?').get(id);
  return row === undefined ? undefined : toExport(row);
}

/** Oldest first. */
export function listExports(db: Database, runId: string): ExportRecord[] {
  return db
    .prepare<[string], ExportRow>('SELECT * FROM exports WHERE run_id = ? ORDER BY created_at, id')
    .all(runId)
    .map(toExport);
}

/** Every export of one kind (e.g. `model`), of any run or none; newest first. */
export function listExportsOfKind(db: Database, kind: string): ExportRecord[] {
  return db
    .prepare<[string], ExportRow>('SELECT * FROM exports WHERE kind = ? ORDER BY created_at DESC, id DESC')
    .all(kind)
    .map(toExport);
}
