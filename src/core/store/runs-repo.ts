import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import type { BackendName, RunStatus, RunSummary } from '../../shared/api/dto';
import { StudioError } from '../../shared/api/errors';
import { createId } from './create-id';
import { toTimestamp } from './sql-values';
import { parseJson, stringifyStable } from './stable-json';

export interface NewRun {
  id?: string;
  name: string;
  datasetId: string | null;
  recipe: string;
  /** The whole training config; stored once as canonical JSON and never changed. */
  config: unknown;
  totalSteps: number;
  /** The run this one resumes from, if any. */
  parentRunId?: string | null;
}

/** Everything stored about a run; the summary is what lists and the contract need. */
export interface RunRecord extends RunSummary {
  config: unknown;
  configHash: string;
  parentRunId: string | null;
}

export interface RunStatusChange {
  status: RunStatus;
  /** Why it failed or stopped; cleared when omitted. */
  reason?: string | null;
  /** The compute backend, once the trainer has chosen one. */
  backend?: BackendName;
}

interface RunRow {
  id: string;
  name: string;
  dataset_id: string | null;
  dataset_name: string | null;
  recipe: string;
  status: RunStatus; // the table's CHECK guarantees one of the known statuses
  backend: BackendName | null;
  step: number;
  total_steps: number;
  created_at: string;
  started_at: string | null;
  ended_at: string | null;
  failure_reason: string | null;
  loss_d: number | null;
  loss_g: number | null;
}

interface RunFullRow extends RunRow {
  config_json: string;
  config_hash: string;
  parent_run_id: string | null;
}

/** A run's last recorded value of a metric: one descending probe of the (run, metric, step) key. */
const latestMetric = (name: string) => `(SELECT m.value FROM metrics m
  WHERE m.run_id = r.id AND m.metric_id = (SELECT id FROM metric_names WHERE name = '${name}')
  ORDER BY m.step DESC LIMIT 1)`;

// Listing leaves config_json out: configs can be large and a list never shows them.
// Built-in 2-D sets have no dataset row; their name comes from the run's config.
const SUMMARY_COLUMNS = `r.id, r.name, r.dataset_id,
  COALESCE(d.name, json_extract(r.config_json, '$.dataset.name')) AS dataset_name, r.recipe, r.status,
  r.backend, r.step, r.total_steps, r.created_at, r.started_at, r.ended_at, r.failure_reason,
  ${latestMetric('loss_d')} AS loss_d, ${latestMetric('loss_g')} AS loss_g`;
const SUMMARY_SELECT = `SELECT ${SUMMARY_COLUMNS} FROM runs r LEFT JOIN datasets d ON d.id = r.dataset_id`;

const ENDED_STATUSES: readonly RunStatus[] = ['stopped', 'completed', 'failed', 'interrupted'];

function toSummary(row: RunRow): RunSummary {
  return {
    id: row.id,
    name: row.name,
    datasetId: row.dataset_id,
    datasetName: row.dataset_name,
    recipe: row.recipe,
    status: row.status,
    backend: row.backend,
    step: row.step,
    totalSteps: row.total_steps,
    createdAt: row.created_at,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    failureReason: row.failure_reason,
    lossD: row.loss_d,
    lossG: row.loss_g,
  };
}

/** SHA-256 of the canonical JSON: equal configs hash equal whatever their key order. */
export function hashConfig(config: unknown): string {
  return createHash('sha256').update(stringifyStable(config)).digest('hex');
}

export function insertRun(db: Database, input: NewRun, now = new Date()): RunSummary {
  const id = input.id ?? createId('run', now.getTime());
  const configJson = stringifyStable(input.config);
  db.prepare(
    `INSERT INTO runs (id, name, dataset_id, recipe, config_json, config_hash, total_steps,
       created_at, parent_run_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    input.name,
    input.datasetId,
    input.recipe,
    configJson,
    hashConfig(input.config),
    input.totalSteps,
    toTimestamp(now),
    input.parentRunId ?? null,
  );
  return requireRun(db, id);
}

export function getRun(db: Database, id: string): RunSummary | undefined {
  const row = db.prepare<[string], RunRow>(`${SUMMARY_SELECT} WHERE r.id = ?`).get(id);
  return row === undefined ? undefined : toSummary(row);
}

function requireRun(db: Database, id: string): RunSummary {
  const run = getRun(db, id);
  if (run === undefined) throw new StudioError('not_found', `There is no run ${id}.`);
  return run;
}

export function getRunRecord(db: Database, id: string): RunRecord | undefined {
  const row = db
    .prepare<[string], RunFullRow>(
      `SELECT ${SUMMARY_COLUMNS}, r.config_json, r.config_hash, r.parent_run_id
       FROM runs r LEFT JOIN datasets d ON d.id = r.dataset_id WHERE r.id = ?`,
    )
    .get(id);
  if (row === undefined) return undefined;
  return {
    ...toSummary(row),
    config: parseJson(row.config_json),
    configHash: row.config_hash,
    parentRunId: row.parent_run_id,
  };
}

/** Newest first; ids sort by creation time, so they break ties within one timestamp. */
export function listRuns(db: Database, filter: { datasetId?: string } = {}): RunSummary[] {
  if (filter.datasetId !== undefined) {
    return db
      .prepare<[string], RunRow>(
        `${SUMMARY_SELECT} WHERE r.dataset_id = ? ORDER BY r.created_at DESC, r.id DESC`,
      )
      .all(filter.datasetId)
      .map(toSummary);
  }
  return db
    .prepare<[], RunRow>(`${SUMMARY_SELECT} ORDER BY r.created_at DESC, r.id DESC`)
    .all()
    .map(toSummary);
}

/**
 * `base`, or `base #2`, `#3`… when runs already carry it: runs started from the same recipe and data
 * stay tell-apart in lists, legends and comparisons.
 */
export function uniqueRunName(db: Database, base: string): string {
  const taken = new Set(
    db
      .prepare<[string, number, string], string>(
        'SELECT name FROM runs WHERE name = ? OR substr(name, 1, ?) = ?',
      )
      .pluck()
      .all(base, `${base} #`.length, `${base} #`),
  );
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base} #${n}`)) n += 1;
  return `${base} #${n}`;
}

/** Records the step reached; called often while training, so it touches one column. */
export function updateRunProgress(db: Database, id: string, step: number): void {
  const result = db.prepare('UPDATE runs SET step = ? WHERE id = ?').run(step, id);
  if (result.changes === 0) throw new StudioError('not_found', `There is no run ${id}.`);
}

/**
 * Sets the status and its timestamps: `running` stamps started_at the first time and clears any end
 * (a resumed run is not ended); stopped, completed, failed and interrupted stamp ended_at.
 */
export function updateRunStatus(
  db: Database,
  id: string,
  change: RunStatusChange,
  now = new Date(),
): RunSummary {
  const timestamp = toTimestamp(now);
  const ended = ENDED_STATUSES.includes(change.status);
  const result = db
    .prepare(
      `UPDATE runs SET
         status = @status,
         backend = COALESCE(@backend, backend),
         started_at = CASE WHEN @running THEN COALESCE(started_at, @now) ELSE started_at END,
         ended_at = CASE WHEN @ended THEN @now WHEN @running THEN NULL ELSE ended_at END,
         failure_reason = @reason
       WHERE id = @id`,
    )
    .run({
      id,
      status: change.status,
      backend: change.backend ?? null,
      running: change.status === 'running' ? 1 : 0,
      ended: ended ? 1 : 0,
      now: timestamp,
      reason: change.reason ?? null,
    });
  if (result.changes === 0) throw new StudioError('not_found', `There is no run ${id}.`);
  return requireRun(db, id);
}

/** Records which host process supervises a run (null once it no longer trains). */
export function setRunOwner(db: Database, id: string, ownerPid: number | null): void {
  db.prepare('UPDATE runs SET owner_pid = ? WHERE id = ?').run(ownerPid, id);
}

/**
 * Marks runs left queued, running or paused by a host that is gone (crash, power loss, closed window)
 * as interrupted, so they can be resumed. Runs whose owner process is still alive — another host
 * training them right now — are left alone. Answers the ids it changed.
 */
export function interruptOrphanedRuns(
  db: Database,
  isOwnerAlive: (pid: number) => boolean,
  now = new Date(),
): string[] {
  const candidates = db
    .prepare<[], { id: string; owner_pid: number | null }>(
      "SELECT id, owner_pid FROM runs WHERE status IN ('queued', 'running', 'paused')",
    )
    .all();
  const orphaned = candidates
    .filter((r) => r.owner_pid === null || !isOwnerAlive(r.owner_pid))
    .map((r) => r.id);
  const mark = db.prepare(
    `UPDATE runs SET status = 'interrupted', ended_at = ?, owner_pid = NULL,
       failure_reason = COALESCE(failure_reason, ?) WHERE id = ?`,
  );
  db.transaction(() => {
    for (const id of orphaned)
      mark.run(toTimestamp(now), 'GAN Studio closed while this run was training.', id);
  })();
  return orphaned;
}

/** Answers whether a run was deleted, with its metrics, samples and checkpoint records. */
export function deleteRun(db: Database, id: string): boolean {
  return db.prepare('DELETE FROM runs WHERE id = ?').run(id).changes > 0;
}
