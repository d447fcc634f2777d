import type { Migration } from '../migrate';

// Frozen once released: change the schema in a new numbered migration, never here. Enumerations are
// written out rather than imported from the DTOs for the same reason. Tables are STRICT so a value of the
// wrong type is an error instead of being silently stored.
const SQL = `
CREATE TABLE datasets (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('importing', 'ready', 'failed')),
  source_path TEXT,
  options_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(options_json)),
  image_count INTEGER NOT NULL DEFAULT 0,
  skipped_count INTEGER NOT NULL DEFAULT 0,
  width INTEGER NOT NULL DEFAULT 0,
  height INTEGER NOT NULL DEFAULT 0,
  channels INTEGER NOT NULL DEFAULT 0,
  class_names_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(class_names_json)),
  class_counts_json TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(class_counts_json)),
  mean_image BLOB,
  error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) STRICT;

CREATE TABLE runs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  dataset_id TEXT REFERENCES datasets (id) ON DELETE SET NULL,
  recipe TEXT NOT NULL,
  config_json TEXT NOT NULL CHECK (json_valid(config_json)),
  config_hash TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'queued' CHECK (
    status IN ('queued', 'running', 'paused', 'stopped', 'completed', 'failed', 'interrupted')
  ),
  backend TEXT,
  step INTEGER NOT NULL DEFAULT 0,
  total_steps INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  started_at TEXT,
  ended_at TEXT,
  failure_reason TEXT,
  parent_run_id TEXT REFERENCES runs (id) ON DELETE SET NULL
) STRICT;
-- Child-key indexes keep ON DELETE actions from scanning the whole table.
CREATE INDEX runs_by_dataset ON runs (dataset_id);
CREATE INDEX runs_by_parent ON runs (parent_run_id);

-- A run is reproducible only if what it was started with never changes.
CREATE TRIGGER runs_config_immutable
BEFORE UPDATE OF config_json, config_hash ON runs
WHEN NEW.config_json IS NOT OLD.config_json OR NEW.config_hash IS NOT OLD.config_hash
BEGIN
  SELECT RAISE(ABORT, 'A run''s config is immutable once created: start a new run to change it.');
END;

-- Metric names are stored once; each point carries a small integer instead of the text.
CREATE TABLE metric_names (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
) STRICT;

-- Clustered on (run, metric, step): a series is one contiguous range of the b-tree, read in step order.
-- value is nullable because SQLite stores NaN (a diverged loss, worth keeping) as NULL.
CREATE TABLE metrics (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  metric_id INTEGER NOT NULL REFERENCES metric_names (id),
  step INTEGER NOT NULL,
  value REAL,
  wall_time REAL NOT NULL,
  PRIMARY KEY (run_id, metric_id, step)
) WITHOUT ROWID, STRICT;

CREATE TABLE samples (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  path TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (run_id, step)
) WITHOUT ROWID, STRICT;

CREATE TABLE checkpoints (
  run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  step INTEGER NOT NULL,
  path TEXT NOT NULL,
  size_bytes INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (run_id, step)
) WITHOUT ROWID, STRICT;

-- Exported files outlive the run they came from, so their record does too.
CREATE TABLE exports (
  id TEXT PRIMARY KEY,
  run_id TEXT REFERENCES runs (id) ON DELETE SET NULL,
  kind TEXT NOT NULL,
  path TEXT NOT NULL,
  details_json TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details_json)),
  created_at TEXT NOT NULL
) STRICT;
CREATE INDEX exports_by_run ON exports (run_id, created_at);
`;

export const init: Migration = {
  version: 1,
  name: 'init',
  up(db) {
    db.exec(SQL);
  },
};
