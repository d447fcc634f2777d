import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Database } from 'better-sqlite3';
import { StudioError } from '../../shared/api/errors';
import { assertSchemaCurrent, runMigrations } from './migrate';
import { MIGRATIONS } from './migrations';

/** The schema version this code writes and reads (`PRAGMA user_version`). */
export const SCHEMA_VERSION = MIGRATIONS.length;

export interface OpenStoreOptions {
  /** Path to a better_sqlite3.node built for the running ABI (the Electron host ships its own). */
  nativeBinding?: string;
  /** Read-only connections never create, migrate or write; the schema must already be current. */
  readonly?: boolean;
}

/** Opens (creating if needed) the studio database and brings its schema up to date. */
export function openStore(filePath: string, options: OpenStoreOptions = {}): Database {
  const readonly = options.readonly === true;
  if (readonly && !existsSync(filePath)) {
    throw new StudioError('not_found', `There is no GAN Studio database at ${filePath}.`);
  }
  if (!readonly) mkdirSync(dirname(filePath), { recursive: true });

  const db = new BetterSqlite3(filePath, {
    readonly,
    ...(options.nativeBinding === undefined ? {} : { nativeBinding: options.nativeBinding }),
  });
  try {
    // WAL lets readers (a CLI, a second window) read while the host writes; NORMAL sync is durable
    // across application crashes and loses at most the last commits on power loss, which WAL tolerates.
    if (!readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (readonly) assertSchemaCurrent(db, MIGRATIONS);
    else runMigrations(db, MIGRATIONS);
    return db;
  } catch (error) {
    // Release the file (Windows keeps it locked otherwise) before reporting why it could not be used.
    db.close();
    throw error;
  }
}
