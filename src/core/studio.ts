import { join } from 'node:path';
import type { HostKind } from '../shared/api/dto';
import { createEventBus, type EventBus } from './api/event-bus';
import { dispatchInvoke, type Handlers } from './api/dispatch';
import { STORE_FILE_NAME } from './data-dir';
import { createDatasetHandlers } from './datasets/dataset-handlers';
import { createExportService } from './export/export-handlers';
import { createPlaygroundService } from './playground/playground-service';
import { removePartialWrites } from './datasets/packed-format';
import {
  createUploadService,
  DEFAULT_UPLOAD_LIMITS,
  type UploadLimits,
  type UploadService,
} from './datasets/uploads';
import { createRunHandlers } from './runs/run-handlers';
import { createRunSupervisor, type RunSupervisor } from './runs/supervisor';
import type { SpawnTrainer } from './runs/trainer-handle';
import { openStore, SCHEMA_VERSION } from './store';
import { createSystemHandlers, type BackendProbe } from './system/system-handlers';

export interface StudioOptions {
  readonly host: HostKind;
  readonly dataDir: string;
  readonly probeBackends: () => Promise<BackendProbe>;
  /** Path of a better-sqlite3 addon built for this runtime's ABI (the Electron host has its own). */
  readonly sqliteNativeBinding?: string;
  readonly extraVersions?: Readonly<Record<string, string>>;
  /**
   * How this host starts trainer processes (which also run exports of images and models); without it
   * the studio can read runs but neither train nor export from checkpoints.
   */
  readonly spawnTrainer?: SpawnTrainer;
  /** Browser-upload limits; tests tighten them. */
  readonly uploadLimits?: Partial<UploadLimits>;
  /**
   * Methods this host answers itself, replacing core's (the desktop app's native folder dialog for
   * `system.pickFolder`). They are still reached only through `invoke`, so their input is validated.
   */
  readonly hostHandlers?: Partial<Handlers>;
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
  /** Present on hosts that train. */
  readonly supervisor: RunSupervisor | null;
  /** Browser uploads: the server's PUT route streams files through here. */
  readonly uploads: UploadService;
  invoke(method: unknown, input: unknown): ReturnType<typeof dispatchInvoke>;
  /**
   * Stops every training run gracefully (each finishes its step and checkpoints) and cancels every
   * export under way, then closes the store.
   */
  shutdown(): Promise<void>;
  close(): void;
}

export function createStudio(options: StudioOptions): Studio {
  const storePath = join(options.dataDir, STORE_FILE_NAME);
  const nativeBinding = options.sqliteNativeBinding;
  const db = openStore(storePath, nativeBinding ? { nativeBinding } : {});
  const events = createEventBus();
  const supervisor = options.spawnTrainer
    ? createRunSupervisor({ db, dataDir: options.dataDir, events, spawnTrainer: options.spawnTrainer })
    : null;
  const uploads = createUploadService(options.dataDir, { ...DEFAULT_UPLOAD_LIMITS, ...options.uploadLimits });
  // In the background: a large abandoned upload takes a while to delete and must not delay the window.
  void uploads
    .removeStale()
    .catch((error: unknown) => console.error('[studio] removing stale uploads failed:', error));
  // An import, export or deletion that crashed mid-write leaves a hidden `.partial-…` folder; it never
  // blocks anything (each writes a new folder), but it takes disk space.
  for (const folder of ['datasets', 'runs', 'exports']) {
    void removePartialWrites(join(options.dataDir, folder)).catch((error: unknown) =>
      console.error(`[studio] removing partial folders in ${folder} failed:`, error),
    );
  }
  const exportService = createExportService({
    db,
    dataDir: options.dataDir,
    events,
    spawnProcess: options.spawnTrainer ?? null,
  });
  const playground = createPlaygroundService({ events, spawnProcess: options.spawnTrainer ?? null });
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
    ...createDatasetHandlers(db, options.dataDir, events, uploads),
    ...createRunHandlers(db, options.dataDir, events, supervisor),
    ...uploads.handlers,
    ...exportService.handlers,
    ...playground.handlers,
    ...options.hostHandlers,
  };

  return {
    dataDir: options.dataDir,
    storePath,
    events,
    handlers,
    supervisor,
    uploads,
    invoke: (method, input) => dispatchInvoke(handlers, method, input),
    async shutdown() {
      await Promise.all([supervisor?.shutdown(), exportService.shutdown(), playground.shutdown()]);
      db.close();
    },
    close: () => db.close(),
  };
}
