import type { Database, Statement } from 'better-sqlite3';

// better-sqlite3 does not cache prepared statements, and preparing costs more than running a small one.
// The cache is per connection and dies with it (WeakMap), so a closed database leaves nothing behind.
const caches = new WeakMap<Database, Map<string, Statement<unknown[], unknown>>>();

/** `db.prepare(sql)`, prepared once per connection. Pass the same literal SQL text on every call. */
export function prepareCached<Params extends unknown[], Row = unknown>(
  db: Database,
  sql: string,
): Statement<Params, Row> {
  let cache = caches.get(db);
  if (cache === undefined) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(sql);
  if (statement === undefined) {
    statement = db.prepare<unknown[], unknown>(sql);
    cache.set(sql, statement);
  }
  return statement as unknown as Statement<Params, Row>;
}
