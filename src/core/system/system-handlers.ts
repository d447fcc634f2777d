import { cpus, totalmem } from 'node:os';
import type { MethodOutput } from '../../shared/api/contract';
import type { BackendName, BackendReport, HostKind, SystemInfo } from '../../shared/api/dto';
import { StudioError } from '../../shared/api/errors';
import { APP_VERSION } from '../app-version';

/** What the host found out about compute backends (src/backends probes them; core only reports). */
export interface BackendProbe {
  readonly reports: BackendReport[];
  readonly active: BackendName | null;
}

export interface SystemContext {
  readonly host: HostKind;
  readonly dataDir: string;
  readonly storePath: string;
  readonly schemaVersion: number;
  /** Injected by the host, which owns the choice of compute backend; probed once, on first ask. */
  readonly probeBackends: () => Promise<BackendProbe>;
  /** Host-specific versions (Electron, Chromium) to add to the runtime's own. */
  readonly extraVersions?: Readonly<Record<string, string>>;
  readonly sqliteVersion: string;
}

export function createSystemHandlers(ctx: SystemContext) {
  let probe: Promise<BackendProbe> | null = null;
  return {
    async 'system.info'(): Promise<SystemInfo> {
      probe ??= ctx.probeBackends();
      const { reports, active } = await probe;
      return {
        appVersion: APP_VERSION,
        host: ctx.host,
        platform: process.platform,
        arch: process.arch,
        cpuCount: cpus().length,
        totalMemoryBytes: totalmem(),
        versions: {
          node: process.versions.node,
          v8: process.versions.v8,
          sqlite: ctx.sqliteVersion,
          ...ctx.extraVersions,
        },
        dataDir: ctx.dataDir,
        storePath: ctx.storePath,
        schemaVersion: ctx.schemaVersion,
        backends: reports,
        activeBackend: active,
      };
    },

    /** The desktop app replaces this with its native dialog (createStudio's `hostHandlers`). */
    'system.pickFolder'(): MethodOutput<'system.pickFolder'> {
      throw new StudioError(
        'unavailable',
        'Only the desktop app can open a folder on this machine by its path. In a browser, drop the image folder on the window or choose it there: the browser uploads its images instead.',
      );
    },
  };
}
