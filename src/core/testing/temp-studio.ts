import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HostKind } from '../../shared/api/dto';
import { createStudio, type Studio } from '../studio';

/**
 * A real studio (real SQLite file) in a fresh temporary data directory, for tests of hosts and
 * handlers. Backends are reported as a fixed probe so host tests do not depend on tfjs.
 */
export function createTempStudio(host: HostKind = 'server'): Studio & { dispose(): void } {
  const dataDir = mkdtempSync(join(tmpdir(), 'gan-studio-test-'));
  const studio = createStudio({
    host,
    dataDir,
    probeBackends: async () => ({
      active: 'cpu',
      reports: [{ name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', status: 'active', detail: 'test' }],
    }),
  });
  return {
    ...studio,
    dispose() {
      studio.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
