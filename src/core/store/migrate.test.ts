import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/api/errors';
import type { Migration } from './migrate';
import { readSchemaVersion, runMigrations } from './migrate';
import { cleanupTemp, makeTempDir, trackDb } from './test-support';

afterEach(cleanupTemp);

function openRaw(): Database {
  const db = trackDb(new BetterSqlite3(join(makeTempDir(), 'raw.db')));
  db.pragma('foreign_keys = ON');
  return db;
}

function tableNames(db: Database): string[] {
  return db
    .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .pluck()
    .all();
}

/** Three migrations that only work in order, and a log of what ran. */
function makeMigrations(log: number[]): Migration[] {
  const base: Migration[] = [
    { version: 1, name: 'one', up: (db) => void db.exec('CREATE TABLE a (x INTEGER)') },
    { version: 2, name: 'two', up: (db) => void db.exec('ALTER TABLE a ADD COLUMN y TEXT') },
    { version: 3, name: 'three', up: (db) => void db.exec('CREATE TABLE c AS SELECT y FROM a') },
  ];
  return base.map((migration) => ({
    ...migration,
    up(db: Database) {
      log.push(migration.version);
      migration.up(db);
    },
  }));
}

describe('runMigrations', () => {
  it('applies every migration in order and sets user_version', () => {
    const db = openRaw();
    const log: number[] = [];
    expect(runMigrations(db, makeMigrations(log))).toEqual([1, 2, 3]);
    expect(log).toEqual([1, 2, 3]);
    expect(readSchemaVersion(db)).toBe(3);
    expect(tableNames(db)).toEqual(['a', 'c']);
  });

  it('applies nothing the second time, and only the new ones after an upgrade', () => {
    const db = openRaw();
    const log: number[] = [];
    const migrations = makeMigrations(log);
    expect(runMigrations(db, migrations.slice(0, 2))).toEqual([1, 2]);
    expect(runMigrations(db, migrations)).toEqual([3]);
    expect(runMigrations(db, migrations)).toEqual([]);
    expect(log).toEqual([1, 2, 3]);
    expect(readSchemaVersion(db)).toBe(3);
  });

  it.each([
    ['out of order', [2, 1, 3], /position 1 holds migration 2 \(two\)/],
    ['with a gap', [1, 3], /position 2 holds migration 3 \(three\)/],
    ['with a duplicate', [1, 2, 2, 3], /position 3 holds migration 2 \(two\)/],
    ['not starting at 1', [2, 3], /position 1 holds migration 2/],
  ])('refuses a list %s before touching the database', (_label, versions, message) => {
    const db = openRaw();
    const log: number[] = [];
    const all = makeMigrations(log);
    const list = versions.map((version) => all[version - 1] as Migration);
    expect(() => runMigrations(db, list)).toThrow(message);
    expect(log).toEqual([]);
    expect(readSchemaVersion(db)).toBe(0);
  });

  it('refuses a database written by a newer version, naming both versions', () => {
    const db = openRaw();
    db.pragma('user_version = 7');
    const log: number[] = [];
    let caught: unknown;
    try {
      runMigrations(db, makeMigrations(log));
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StudioError);
    const error = caught as StudioError;
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('schema v7');
    expect(error.message).toContain('knows up to v3');
    expect(error.message).toContain(db.name);
    expect(error.message).toContain('GAN_STUDIO_HOME');
    expect(log).toEqual([]);
    expect(readSchemaVersion(db)).toBe(7);
  });

  it('rolls a failing migration back completely and lets its error through', () => {
    const db = openRaw();
    const failure = new Error('disk on fire');
    const migrations: Migration[] = [
      { version: 1, name: 'ok', up: (d) => void d.exec('CREATE TABLE a (x INTEGER)') },
      {
        version: 2,
        name: 'fails halfway',
        up(d) {
          d.exec('CREATE TABLE b (x INTEGER); INSERT INTO a VALUES (1)');
          throw failure;
        },
      },
      { version: 3, name: 'never runs', up: (d) => void d.exec('CREATE TABLE c (x INTEGER)') },
    ];
    let caught: unknown;
    try {
      runMigrations(db, migrations);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBe(failure);
    expect(readSchemaVersion(db)).toBe(1);
    expect(tableNames(db)).toEqual(['a']);
    expect(db.prepare('SELECT count(*) FROM a').pluck().get()).toBe(0);
    expect(db.inTransaction).toBe(false);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });

  it('refuses a migration that leaves broken foreign keys', () => {
    const db = openRaw();
    const migrations: Migration[] = [
      {
        version: 1,
        name: 'orphans',
        up(d) {
          d.exec(`CREATE TABLE p (id INTEGER PRIMARY KEY);
            CREATE TABLE k (p_id INTEGER REFERENCES p (id));
            INSERT INTO k VALUES (42);`);
        },
      },
    ];
    expect(() => runMigrations(db, migrations)).toThrow(/migration 1 \(orphans\).*foreign key/);
    expect(readSchemaVersion(db)).toBe(0);
    expect(tableNames(db)).toEqual([]);
  });
});
