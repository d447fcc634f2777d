import type { Database } from 'better-sqlite3';
import type { DatasetSummary } from '../../shared/api/dto';
import { StudioError } from '../../shared/api/errors';
import { createId } from './create-id';
import type { SqlValue } from './sql-values';
import { toBlob, toTimestamp } from './sql-values';
import { parseJson, parseNumberArray, parseStringArray } from './stable-json';

export type DatasetStatus = DatasetSummary['status'];

export interface NewDataset {
  /** Given when the caller already made the folder `datasets/<id>/`; created otherwise. */
  id?: string;
  name: string;
  sourcePath: string | null;
  /** The import options (size, channels, fit…), stored as JSON. */
  options?: unknown;
  status?: DatasetStatus;
}

/** Fields an import fills in as it goes; omitted fields keep their value. */
export interface DatasetUpdate {
  name?: string;
  status?: DatasetStatus;
  imageCount?: number;
  skippedCount?: number;
  width?: number;
  height?: number;
  channels?: number;
  classNames?: readonly string[];
  classCounts?: readonly number[];
  /** H×W×C uint8 mean of all images, or null to clear it. */
  meanImage?: Uint8Array | null;
  error?: string | null;
}

/** Everything stored about a dataset; the summary is what lists and the contract need. */
export interface DatasetRecord extends DatasetSummary {
  options: unknown;
  classCounts: number[];
  meanImage: Uint8Array | null;
  error: string | null;
  updatedAt: string;
}

interface DatasetRow {
  id: string;
  name: string;
  status: DatasetStatus; // the table's CHECK guarantees one of the known statuses
  source_path: string | null;
  image_count: number;
  skipped_count: number;
  width: number;
  height: number;
  channels: number;
  class_names_json: string;
  created_at: string;
}

interface DatasetFullRow extends DatasetRow {
  options_json: string;
  class_counts_json: string;
  mean_image: Buffer | null;
  error: string | null;
  updated_at: string;
}

const SUMMARY_COLUMNS = `id, name, status, source_path, image_count, skipped_count, width, height,
  channels, class_names_json, created_at`;

function toSummary(row: DatasetRow): DatasetSummary {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    sourcePath: row.source_path,
    imageCount: row.image_count,
    skippedCount: row.skipped_count,
    width: row.width,
    height: row.height,
    channels: row.channels,
    classNames: parseStringArray(row.class_names_json),
    createdAt: row.created_at,
  };
}

export function insertDataset(db: Database, input: NewDataset, now = new Date()): DatasetSummary {
  const id = input.id ?? createId('ds', now.getTime());
  const timestamp = toTimestamp(now);
  db.prepare(
    `INSERT INTO datasets (id, name, status, source_path, options_json, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    id,
    input.name,
    input.status ?? 'importing',
    input.sourcePath,
    JSON.stringify(input.options ?? {}),
    timestamp,
    timestamp,
  );
  return requireDataset(db, id);
}

export function getDataset(db: Database, id: string): DatasetSummary | undefined {
  const row = db
    .prepare<[string], DatasetRow>(`SELECT ${SUMMARY_COLUMNS} FROM datasets WHERE id = ?`)
    .get(id);
  return row === undefined ? undefined : toSummary(row);
}

function requireDataset(db: Database, id: string): DatasetSummary {
  const dataset = getDataset(db, id);
  if (dataset === undefined) throw new StudioError('not_found', `There is no dataset ${id}.`);
  return dataset;
}

export function getDatasetRecord(db: Database, id: string): DatasetRecord | undefined {
  const row = db.prepare<[string], DatasetFullRow>('SELECT * FROM datasets WHERE id = ?').get(id);
  if (row === undefined) return undefined;
  return {
    ...toSummary(row),
    options: parseJson(row.options_json),
    classCounts: parseNumberArray(row.class_counts_json),
    meanImage: row.mean_image === null ? null : new Uint8Array(row.mean_image),
    error: row.error,
    updatedAt: row.updated_at,
  };
}

/** Newest first. */
export function listDatasets(db: Database): DatasetSummary[] {
  return db
    .prepare<[], DatasetRow>(`SELECT ${SUMMARY_COLUMNS} FROM datasets ORDER BY created_at DESC, id DESC`)
    .all()
    .map(toSummary);
}

/** Applies the given fields and answers the updated dataset; throws `not_found` for an unknown id. */
export function updateDataset(
  db: Database,
  id: string,
  update: DatasetUpdate,
  now = new Date(),
): DatasetSummary {
  const values: Record<string, SqlValue> = { id, updated_at: toTimestamp(now) };
  if (update.name !== undefined) values.name = update.name;
  if (update.status !== undefined) values.status = update.status;
  if (update.imageCount !== undefined) values.image_count = update.imageCount;
  if (update.skippedCount !== undefined) values.skipped_count = update.skippedCount;
  if (update.width !== undefined) values.width = update.width;
  if (update.height !== undefined) values.height = update.height;
  if (update.channels !== undefined) values.channels = update.channels;
  if (update.classNames !== undefined) values.class_names_json = JSON.stringify(update.classNames);
  if (update.classCounts !== undefined) {
    values.class_counts_json = JSON.stringify(update.classCounts);
  }
  if (update.meanImage !== undefined) {
    values.mean_image = update.meanImage === null ? null : toBlob(update.meanImage);
  }
  if (update.error !== undefined) values.error = update.error;

  // Column names come from the fixed keys above, never from the caller.
  const assignments = Object.keys(values)
    .filter((column) => column !== 'id')
    .map((column) => `${column} = @${column}`)
    .join(', ');
  const result = db.prepare(`UPDATE datasets SET ${assignments} WHERE id = @id`).run(values);
  if (result.changes === 0) throw new StudioError('not_found', `There is no dataset ${id}.`);
  return requireDataset(db, id);
}

/** Answers whether a dataset was deleted. Its runs stay, with their dataset set to null. */
export function deleteDataset(db: Database, id: string): boolean {
  return db.prepare('DELETE FROM datasets WHERE id = ?').run(id).changes > 0;
}
