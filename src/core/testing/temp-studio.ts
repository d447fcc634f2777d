import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostKind } from '../../shared/api/dto';
import type { Handlers } from '../api/dispatch';
import type { UploadLimits } from '../datasets/uploads';
import type { SpawnTrainer } from '../runs/trainer-handle';
import { createStudio, type Studio } from '../studio';

export interface TempStudioOptions {
  /** Makes the studio train (the supervisor's tests); without it runs can be read but not started. */
  readonly spawnTrainer?: SpawnTrainer;
  /** Opens this data directory instead of a fresh one (a host restarting); it is then not removed. */
  readonly dataDir?: string;
  /** Small limits, so upload tests need not send gigabytes. */
  readonly uploadLimits?: Partial<UploadLimits>;
  /** Methods the host answers itself (the desktop app's folder dialog). */
  readonly hostHandlers?: Partial<Handlers>;
}

/**
 * A real studio (real SQLite file) in a fresh temporary data directory, for tests of hosts and
 * handlers. Backends are reported as a fixed probe so host tests do not depend on tfjs.
 */
export function createTempStudio(
  host: HostKind = 'server',
  options: TempStudioOptions = {},
): Studio & { dispose(): void } {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'gan-studio-test-'));
  const studio = createStudio({
    host,
    dataDir,
    probeBackends: async () => ({
      active: 'cpu',
      reports: [{ name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', status: 'active', detail: 'test' }],
    }),
    ...(options.spawnTrainer ? { spawnTrainer: options.spawnTrainer } : {}),
    ...(options.uploadLimits ? { uploadLimits: options.uploadLimits } : {}),
    ...(options.hostHandlers ? { hostHandlers: options.hostHandlers } : {}),
  });
  return {
    ...studio,
    dispose() {
      studio.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
