import { describe, expect, it } from 'vitest';
import { runMigrations } from '../migrate';
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { cleanupTemp, makeTempDir, trackDb } from '../test-support';
import { init } from './0001-init';
import { runOwner } from './0002-run-owner';

describe('migration 0002 (run owner)', () => {
  it('adds a nullable owner_pid to runs, keeping existing runs', () => {
    const db = trackDb(new BetterSqlite3(join(makeTempDir(), 'studio.db')));
    try {
      runMigrations(db, [init]);
      db.prepare(
        `INSERT INTO runs (id, name, recipe, config_json, config_hash, total_steps, created_at)
         VALUES ('run_a', 'a', 'mlp', '{}', 'h', 10, '2026-01-01T00:00:00.000Z')`,
      ).run();
      expect(runMigrations(db, [init, runOwner])).toEqual([2]);
      expect(db.prepare("SELECT owner_pid FROM runs WHERE id = 'run_a'").pluck().get()).toBeNull();
      db.prepare("UPDATE runs SET owner_pid = 4242 WHERE id = 'run_a'").run();
      expect(db.prepare("SELECT owner_pid FROM runs WHERE id = 'run_a'").pluck().get()).toBe(4242);
    } finally {
      db.close();
      cleanupTemp();
    }
  });
});
