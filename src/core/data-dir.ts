import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where the studio keeps its store, datasets and runs. Every host resolves it the same way, so the
 * desktop app, the server and the CLI see the same experiments. `GAN_STUDIO_HOME` wins (tests, portable
 * installs, a second workspace); otherwise the platform's per-user application-data folder.
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const override = env.GAN_STUDIO_HOME?.trim();
  if (override) return override;
  const home = homedir();
  switch (platform) {
    case 'win32':
      return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'GAN Studio');
    case 'darwin':
      return join(home, 'Library', 'Application Support', 'GAN Studio');
    default:
      return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'gan-studio');
  }
}

export const STORE_FILE_NAME = 'studio.db';
