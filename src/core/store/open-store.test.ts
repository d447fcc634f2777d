import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/api/errors';
import { MIGRATIONS } from './migrations';
import { openStore, SCHEMA_VERSION } from './open-store';
import { cleanupTemp, makeTempDir, trackDb } from './test-support';

afterEach(cleanupTemp);

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('openStore', () => {
  it('creates its folder, sets the pragmas and migrates to the newest schema', () => {
    const file = join(makeTempDir(), 'nested', 'deeper', 'studio.db');
    const db = trackDb(openStore(file));
    expect(existsSync(file)).toBe(true);
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('opens an existing store again without changing it', () => {
    const file = join(makeTempDir(), 'studio.db');
    openStore(file).close();
    const db = trackDb(openStore(file));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });

  it('refuses a store from a newer GAN Studio', () => {
    const file = join(makeTempDir(), 'studio.db');
    const first = openStore(file);
    first.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    first.close();
    const error = catchError(() => openStore(file));
    expect(error).toBeInstanceOf(StudioError);
    expect((error as StudioError).code).toBe('conflict');
    expect((error as StudioError).message).toContain(`schema v${SCHEMA_VERSION + 1}`);
  });

  it('opens read-only without writing, and refuses a missing file', () => {
    const dir = makeTempDir();
    const missing = catchError(() => openStore(join(dir, 'nope', 'studio.db'), { readonly: true }));
    expect((missing as StudioError).code).toBe('not_found');
    expect(existsSync(join(dir, 'nope'))).toBe(false);

    const file = join(dir, 'studio.db');
    openStore(file).close();
    const db = trackDb(openStore(file, { readonly: true }));
    expect(db.readonly).toBe(true);
    expect(db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(0);
    expect(() => db.exec(`INSERT INTO metric_names (name) VALUES ('x')`)).toThrow(/readonly/);
  });

  it('refuses read-only a store that still needs migrating', () => {
    const file = join(makeTempDir(), 'studio.db');
    const db = openStore(file);
    db.pragma('user_version = 0');
    db.close();
    const error = catchError(() => openStore(file, { readonly: true }));
    expect((error as StudioError).code).toBe('conflict');
    expect((error as StudioError).message).toMatch(/older schema \(v0/);
  });

  it('passes nativeBinding through to better-sqlite3', () => {
    const require = createRequire(import.meta.url);
    const addon = join(require.resolve('better-sqlite3/package.json'), '..', 'build', 'Release');
    const good = join(addon, 'better_sqlite3.node');
    trackDb(openStore(join(makeTempDir(), 'a.db'), { nativeBinding: good }));
    const bogus = join(makeTempDir(), 'missing.node');
    expect(() => openStore(join(makeTempDir(), 'b.db'), { nativeBinding: bogus })).toThrow(/missing\.node/);
  });
});
