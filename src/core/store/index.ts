/** The experiment store: one SQLite file, written only by the host process. */
export { openStore, SCHEMA_VERSION } from './open-store';
export type { OpenStoreOptions } from './open-store';
export { runMigrations, readSchemaVersion, validateMigrations, assertSchemaCurrent } from './migrate';
export type { Migration } from './migrate';
export { MIGRATIONS } from './migrations';
export { createId } from './create-id';
export type { IdPrefix } from './create-id';
export {
  insertDataset,
  getDataset,
  getDatasetRecord,
  listDatasets,
  updateDataset,
  deleteDataset,
} from './datasets-repo';
export type { DatasetRecord, DatasetStatus, DatasetUpdate, NewDataset } from './datasets-repo';
export {
  insertRun,
  getRun,
  getRunRecord,
  listRuns,
  updateRunProgress,
  updateRunStatus,
  interruptOrphanedRuns,
  setRunOwner,
  deleteRun,
  hashConfig,
  uniqueRunName,
} from './runs-repo';
export type { NewRun, RunRecord, RunStatusChange } from './runs-repo';
export {
  insertMetricPoints,
  readMetricSeries,
  readMetricSeriesDecimated,
  listMetricNames,
} from './metrics-repo';
export type { MetricPoint, MetricSeries, StepRange } from './metrics-repo';
export {
  insertSample,
  listSamples,
  insertCheckpoint,
  listCheckpoints,
  getLatestCheckpoint,
  deleteCheckpoint,
  insertExport,
  listExports,
  listExportsOfKind,
} from './artifacts-repo';
export type { CheckpointRecord, ExportRecord, NewExport, SampleRecord } from './artifacts-repo';
