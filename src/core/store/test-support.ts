import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { openStore } from './open-store';

// Test-only helpers: real database files in throwaway folders. Call cleanupTemp from afterEach.
const openDbs: Database[] = [];
const dirs: string[] = [];

export function makeTempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gan-studio-store-'));
  dirs.push(dir);
  return dir;
}

export function trackDb(db: Database): Database {
  openDbs.push(db);
  return db;
}

/** A migrated store in a fresh folder. */
export function openTempStore(): Database {
  return trackDb(openStore(join(makeTempDir(), 'studio.db')));
}

export function cleanupTemp(): void {
  for (const db of openDbs.splice(0)) if (db.open) db.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}
