import { reportBackends } from '../backends/probe-backends';
import { resolveDataDir } from '../core/data-dir';
import { fileURLToPath } from 'node:url';
import { createInProcessClient } from '../core/api/in-process-client';
import { forkTrainer } from '../core/runs/trainer-handle';
import { createStudio, type Studio } from '../core/studio';
import type { StudioApi } from '../shared/api/client';
import { StudioError } from '../shared/api/errors';
import type { HostKind } from '../shared/api/dto';

/** out/node/cli.js → out/node/trainer.js (both built by vite.node.config.ts). */
const TRAINER_SCRIPT = fileURLToPath(new URL('./trainer.js', import.meta.url));

/**
 * The studio as the CLI and the server host open it: data directory from GAN_STUDIO_HOME or the
 * platform default, the Node build of better-sqlite3, backends probed on first need. A store that
 * cannot be opened (from a newer version, say) ends the command with its message, not a stack trace.
 */
export function openStudio(
  host: Extract<HostKind, 'cli' | 'server'>,
  options: { train?: boolean } = {},
): Studio {
  try {
    return createStudio({
      host,
      dataDir: resolveDataDir(),
      probeBackends: reportBackends,
      ...(options.train ? { spawnTrainer: forkTrainer(TRAINER_SCRIPT) } : {}),
    });
  } catch (error) {
    if (error instanceof StudioError) {
      process.stderr.write(`Error: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** Opens the studio for one command, hands the typed client to `work`, and always closes the store. */
export async function withStudio<T>(work: (api: StudioApi) => Promise<T>): Promise<T> {
  const studio = openStudio('cli');
  try {
    return await work(createInProcessClient(studio));
  } finally {
    studio.close();
  }
}
