import type { Database } from 'better-sqlite3';
import { StudioError } from '../../shared/api/errors';

/**
 * One numbered schema change. `up` runs inside the runner's transaction: it must not open its own,
 * and it must not read constants that may change later (a migration is frozen once released).
 */
export type Migration = {
  readonly version: number;
  readonly name: string;
  up(db: Database): void;
};

function describe(migration: Migration): string {
  return `migration ${migration.version} (${migration.name})`;
}

/** Throws when the list is not exactly versions 1..N in order: a defect in the code, not the data. */
export function validateMigrations(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    const expected = index + 1;
    if (migration.version !== expected) {
      throw new Error(
        `Migrations must be numbered 1..${migrations.length} in order without gaps or duplicates: ` +
          `position ${expected} holds ${describe(migration)}.`,
      );
    }
  });
}

export function readSchemaVersion(db: Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function refuseNewerSchema(db: Database, found: number, latest: number): void {
  if (found <= latest) return;
  throw new StudioError(
    'conflict',
    `The database at ${db.name} was written by a newer GAN Studio (schema v${found}, this version ` +
      `knows up to v${latest}). Update GAN Studio, or point GAN_STUDIO_HOME at another folder.`,
  );
}

/**
 * Brings the database up to the newest migration and answers the versions it applied. Each migration
 * runs in its own transaction together with `PRAGMA user_version`, so a failure leaves the database at
 * the previous version and the error propagates unchanged. A database from a newer GAN Studio is refused.
 */
export function runMigrations(db: Database, migrations: readonly Migration[]): number[] {
  validateMigrations(migrations);
  const current = readSchemaVersion(db);
  refuseNewerSchema(db, current, migrations.length);
  const pending = migrations.slice(current);
  if (pending.length === 0) return [];

  // Foreign keys are switched off while migrating, as SQLite's guide to altering tables asks: rebuilding
  // a table (create new, copy, drop old, rename) would otherwise cascade deletes from the dropped table.
  // The pragma is a no-op inside a transaction, so it is set here, and checked per migration below.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number;
  db.pragma('foreign_keys = OFF');
  const applied: number[] = [];
  try {
    for (const migration of pending) {
      // IMMEDIATE takes the write lock first, so when two hosts open a fresh store at once the second
      // waits, then sees the version the first wrote and skips what is already done.
      const ran = db
        .transaction(() => {
          if (readSchemaVersion(db) >= migration.version) return false;
          migration.up(db);
          const broken = db.pragma('foreign_key_check') as readonly unknown[];
          if (broken.length > 0) {
            throw new Error(`${describe(migration)} left ${broken.length} broken foreign key(s).`);
          }
          // Integer interpolation is safe here (validated above); PRAGMA does not take bound parameters.
          db.pragma(`user_version = ${migration.version}`);
          return true;
        })
        .immediate();
      if (ran) applied.push(migration.version);
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys === 1 ? 'ON' : 'OFF'}`);
  }
  return applied;
}

/** For connections that may not write: refuses a database that is newer or older than the code. */
export function assertSchemaCurrent(db: Database, migrations: readonly Migration[]): void {
  const current = readSchemaVersion(db);
  refuseNewerSchema(db, current, migrations.length);
  if (current < migrations.length) {
    throw new StudioError(
      'conflict',
      `The database at ${db.name} uses an older schema (v${current}, this version needs ` +
        `v${migrations.length}). Open it once in GAN Studio without read-only mode to upgrade it.`,
    );
  }
}
