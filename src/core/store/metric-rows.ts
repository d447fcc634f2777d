import type { Database } from 'better-sqlite3';
import { prepareCached } from './statement-cache';

/**
 * Every stored metric point of a run, page by page, for exports that stream them to a file. Each page is
 * one finished query (keyset pagination on the table's (run, metric, step) key): the connection is never
 * left inside an open cursor while the caller waits for a file to drain, so the host keeps recording
 * running trainings meanwhile.
 */
export interface MetricRow {
  readonly metricId: number;
  readonly name: string;
  readonly step: number;
  /** Null where the value was NaN. */
  readonly value: number | null;
  readonly wallTime: number;
}

/** Where the previous page ended; null for the first page. */
export type MetricRowCursor = Pick<MetricRow, 'metricId' | 'step'> | null;

/** Up to `limit` points of a run after `cursor`, ordered by metric (in the order they were first recorded) and step. */
export function readMetricRows(
  db: Database,
  runId: string,
  cursor: MetricRowCursor,
  limit: number,
): MetricRow[] {
  return prepareCached<[string, number, number, number], MetricRow>(
    db,
    `SELECT m.metric_id AS metricId, n.name AS name, m.step AS step, m.value AS value, m.wall_time AS wallTime
     FROM metrics m JOIN metric_names n ON n.id = m.metric_id
     WHERE m.run_id = ? AND (m.metric_id, m.step) > (?, ?)
     ORDER BY m.metric_id, m.step
     LIMIT ?`,
  ).all(runId, cursor?.metricId ?? -1, cursor?.step ?? -1, limit);
}

/** How many points the runs hold together. */
export function countMetricPoints(db: Database, runIds: readonly string[]): number {
  const count = prepareCached<[string], number>(db, 'SELECT count(*) FROM metrics WHERE run_id = ?').pluck();
  return runIds.reduce((sum, id) => sum + (count.get(id) ?? 0), 0);
}
