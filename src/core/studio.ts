import { join } from 'node:path';
import type { HostKind } from '../shared/api/dto';
import { createEventBus, type EventBus } from './api/event-bus';
import { dispatchInvoke, type Handlers } from './api/dispatch';
import { STORE_FILE_NAME } from './data-dir';
import { createDatasetHandlers } from './datasets/dataset-handlers';
import { createRunHandlers } from './runs/run-handlers';
import { openStore, SCHEMA_VERSION } from './store';
import { createSystemHandlers, type BackendProbe } from './system/system-handlers';

export interface StudioOptions {
  readonly host: HostKind;
  readonly dataDir: string;
  readonly probeBackends: () => Promise<BackendProbe>;
  /** Path of a better-sqlite3 addon built for this runtime's ABI (the Electron host has its own). */
  readonly sqliteNativeBinding?: string;
  readonly extraVersions?: Readonly<Record<string, string>>;
}

/**
 * The Studio service: everything the hosts expose, independent of how it is reached. A host creates one,
 * forwards untrusted calls to `invoke`, relays `events` to its clients, and calls `close` on the way out.
 */
export interface Studio {
  readonly dataDir: string;
  readonly storePath: string;
  readonly events: EventBus;
  readonly handlers: Handlers;
  invoke(method: unknown, input: unknown): ReturnType<typeof dispatchInvoke>;
  close(): void;
}

export function createStudio(options: StudioOptions): Studio {
  const storePath = join(options.dataDir, STORE_FILE_NAME);
  const nativeBinding = options.sqliteNativeBinding;
  const db = openStore(storePath, nativeBinding ? { nativeBinding } : {});
  const events = createEventBus();
  const sqliteVersion = (db.prepare('select sqlite_version() as v').get() as { v: string }).v;

  const handlers: Handlers = {
    ...createSystemHandlers({
      host: options.host,
      dataDir: options.dataDir,
      storePath,
      schemaVersion: SCHEMA_VERSION,
      probeBackends: options.probeBackends,
      sqliteVersion,
      ...(options.extraVersions ? { extraVersions: options.extraVersions } : {}),
    }),
    ...createDatasetHandlers(db),
    ...createRunHandlers(db),
  };

  return {
    dataDir: options.dataDir,
    storePath,
    events,
    handlers,
    invoke: (method, input) => dispatchInvoke(handlers, method, input),
    close: () => db.close(),
  };
}
