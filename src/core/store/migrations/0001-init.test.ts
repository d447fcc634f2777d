import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSchemaVersion, runMigrations } from '../migrate';
import { cleanupTemp, makeTempDir, trackDb } from '../test-support';
import { init } from './0001-init';

let db: Database;

beforeEach(() => {
  db = trackDb(new BetterSqlite3(join(makeTempDir(), 'init.db')));
  db.pragma('foreign_keys = ON');
  expect(runMigrations(db, [init])).toEqual([1]);
});
afterEach(cleanupTemp);

const NOW = '2025-01-01T00:00:00.000Z';

function count(sql: string): number {
  return db.prepare<[], number>(sql).pluck().get() ?? -1;
}

function insertDataset(id: string): void {
  db.prepare(
    `INSERT INTO datasets (id, name, status, created_at, updated_at) VALUES (?, 'd', 'ready', ?, ?)`,
  ).run(id, NOW, NOW);
}

function insertRun(id: string, datasetId: string | null, parentRunId: string | null = null): void {
  db.prepare(
    `INSERT INTO runs (id, name, dataset_id, recipe, config_json, config_hash, total_steps,
       created_at, parent_run_id) VALUES (?, 'r', ?, 'dcgan', '{"lr":0.0002}', 'h', 100, ?, ?)`,
  ).run(id, datasetId, NOW, parentRunId);
}

describe('migration 0001 (init)', () => {
  it('creates every table on an empty database', () => {
    expect(readSchemaVersion(db)).toBe(1);
    const tables = db
      .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual([
      'checkpoints',
      'datasets',
      'exports',
      'metric_names',
      'metrics',
      'runs',
      'samples',
    ]);
    const metricColumns = db.prepare<[], { name: string; pk: number }>('PRAGMA table_info(metrics)');
    expect(metricColumns.all().map((c) => [c.name, c.pk])).toEqual([
      ['run_id', 1],
      ['metric_id', 2],
      ['step', 3],
      ['value', 0],
      ['wall_time', 0],
    ]);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'metrics'").pluck().get()).toMatch(
      /WITHOUT ROWID/,
    );
  });

  it('refuses any change to a run config, but allows other updates', () => {
    insertDataset('ds_1');
    insertRun('run_1', 'ds_1');
    expect(() => db.prepare(`UPDATE runs SET config_json = '{"lr":1}' WHERE id = 'run_1'`).run()).toThrow(
      /config is immutable/,
    );
    expect(() => db.prepare(`UPDATE runs SET config_hash = 'x' WHERE id = 'run_1'`).run()).toThrow(
      /config is immutable/,
    );
    db.prepare(`UPDATE runs SET status = 'running', config_json = config_json WHERE id = 'run_1'`).run();
    const row = db.prepare("SELECT status, config_json FROM runs WHERE id = 'run_1'").get();
    expect(row).toEqual({ status: 'running', config_json: '{"lr":0.0002}' });
  });

  it('checks statuses and JSON', () => {
    insertDataset('ds_1');
    insertRun('run_1', 'ds_1');
    expect(() => db.prepare(`UPDATE runs SET status = 'exploded'`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE datasets SET status = 'done'`).run()).toThrow(/CHECK/);
    expect(() => db.prepare(`UPDATE datasets SET options_json = '{oops'`).run()).toThrow(/CHECK/);
  });

  it('cascades a run delete to its points and files, and keeps its exports', () => {
    insertDataset('ds_1');
    insertRun('run_1', 'ds_1');
    insertRun('run_2', 'ds_1', 'run_1');
    db.exec(`INSERT INTO metric_names (id, name) VALUES (1, 'd_loss');
      INSERT INTO metrics VALUES ('run_1', 1, 0, 0.5, 1.0), ('run_1', 1, 1, 0.4, 2.0),
        ('run_2', 1, 0, 0.3, 3.0);
      INSERT INTO samples VALUES ('run_1', 0, 'runs/run_1/samples/0.png', '${NOW}');
      INSERT INTO checkpoints VALUES ('run_1', 0, 'runs/run_1/checkpoints/0', 1024, '${NOW}');
      INSERT INTO exports VALUES ('exp_1', 'run_1', 'grid', 'out/grid.png', '{}', '${NOW}');`);

    db.prepare("DELETE FROM runs WHERE id = 'run_1'").run();

    expect(count("SELECT count(*) FROM metrics WHERE run_id = 'run_1'")).toBe(0);
    expect(count("SELECT count(*) FROM metrics WHERE run_id = 'run_2'")).toBe(1);
    expect(count('SELECT count(*) FROM samples')).toBe(0);
    expect(count('SELECT count(*) FROM checkpoints')).toBe(0);
    expect(db.prepare("SELECT run_id FROM exports WHERE id = 'exp_1'").pluck().get()).toBeNull();
    expect(db.prepare("SELECT parent_run_id FROM runs WHERE id = 'run_2'").pluck().get()).toBeNull();
  });

  it('keeps runs when their dataset is deleted, with the link cleared', () => {
    insertDataset('ds_1');
    insertRun('run_1', 'ds_1');
    db.prepare("DELETE FROM datasets WHERE id = 'ds_1'").run();
    expect(db.prepare("SELECT dataset_id FROM runs WHERE id = 'run_1'").pluck().get()).toBeNull();
  });

  it('refuses points for a run that does not exist', () => {
    db.exec(`INSERT INTO metric_names (id, name) VALUES (1, 'd_loss')`);
    expect(() => db.exec(`INSERT INTO metrics VALUES ('run_missing', 1, 0, 0.5, 1.0)`)).toThrow(
      /FOREIGN KEY/,
    );
  });
});
