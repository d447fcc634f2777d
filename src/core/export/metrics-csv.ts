import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Database } from 'better-sqlite3';
import { StudioError } from '../../shared/api/errors';
import { fsyncPath } from '../fs/atomic-folder';
import { countMetricPoints, readMetricRows, type MetricRowCursor } from '../store/metric-rows';
import { EXPORT_CANCELLED } from './export-job';

export const METRICS_CSV_HEADER = 'run_id,run_name,metric,step,value,wall_time';

/** Points per query and per write: a few hundred kB of text, then the file may drain. */
const PAGE_ROWS = 5000;

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export interface MetricsCsvWork {
  readonly signal: AbortSignal;
  onProgress(done: number, total: number): void;
}

/**
 * Every metric point of the runs as CSV (header `run_id,run_name,metric,step,value,wall_time`; run by
 * run, then metric, then step; NaN as an empty value; wall time in seconds since the Unix epoch),
 * streamed to `path` page by page, never held whole in memory. Answers the number of points.
 */
export async function writeMetricsCsv(
  db: Database,
  runs: readonly { readonly id: string; readonly name: string }[],
  path: string,
  work: MetricsCsvWork,
): Promise<number> {
  const total = countMetricPoints(
    db,
    runs.map((r) => r.id),
  );
  const stream = createWriteStream(path, { flags: 'wx' });
  // A failed write (a full disk) is thrown from the next write below, not as an event in the host.
  stream.on('error', () => undefined);
  const closed = once(stream, 'close');
  let done = 0;
  try {
    const write = async (text: string): Promise<void> => {
      if (stream.errored) throw stream.errored;
      if (!stream.write(text)) await Promise.race([once(stream, 'drain'), closed]);
    };
    await write(`${METRICS_CSV_HEADER}\n`);
    for (const run of runs) {
      const prefix = `${csvField(run.id)},${csvField(run.name)},`;
      let cursor: MetricRowCursor = null;
      for (;;) {
        if (work.signal.aborted) throw new StudioError('cancelled', EXPORT_CANCELLED);
        const rows = readMetricRows(db, run.id, cursor, PAGE_ROWS);
        if (rows.length === 0) break;
        let text = '';
        for (const row of rows) {
          const value = row.value === null ? '' : String(row.value);
          text += `${prefix}${csvField(row.name)},${row.step},${value},${row.wallTime}\n`;
        }
        await write(text);
        done += rows.length;
        work.onProgress(done, total);
        const last = rows[rows.length - 1]!;
        cursor = { metricId: last.metricId, step: last.step };
      }
    }
  } finally {
    stream.end();
    await closed;
  }
  if (stream.errored) throw stream.errored;
  fsyncPath(path);
  return done;
}
