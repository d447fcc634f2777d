import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, type OpenDialogOptions } from 'electron';
import { reportBackends } from '../backends/probe-backends';
import { resolveDataDir } from '../core/data-dir';
import { createStudio, type Studio } from '../core/studio';
import type { MethodOutput } from '../shared/api/contract';
import { StudioError } from '../shared/api/errors';
import { utilityTrainer } from './utility-trainer';

/**
 * Opens the studio for the desktop app. better-sqlite3 is a native addon built for Node's ABI in
 * node_modules (the CLI, server and tests use that); Electron needs its own build, which
 * `scripts/build-electron-native.mjs` puts in native/electron/ on first `npm start`.
 */
export function openElectronStudio(): Studio | null {
  const nativeBinding = join(app.getAppPath(), 'native', 'electron', 'better_sqlite3.node');
  try {
    return createStudio({
      host: 'electron',
      dataDir: resolveDataDir(),
      probeBackends: reportBackends,
      ...(existsSync(nativeBinding) ? { sqliteNativeBinding: nativeBinding } : {}),
      extraVersions: { electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '' },
      spawnTrainer: utilityTrainer(join(app.getAppPath(), 'out', 'node', 'trainer.js')),
      hostHandlers: { 'system.pickFolder': pickFolder },
    });
  } catch (error) {
    dialog.showErrorBox('GAN Studio cannot open its store', explainStoreFailure(error, nativeBinding));
    return null;
  }
}

/**
 * `system.pickFolder`: the native folder chooser, as a sheet of the window that asked. Calls carry no
 * window, but the one that asked is the focused one (the person has just clicked in it).
 */
async function pickFolder(): Promise<MethodOutput<'system.pickFolder'>> {
  const options: OpenDialogOptions = { title: 'Choose a folder', properties: ['openDirectory'] };
  const parent = BrowserWindow.getFocusedWindow();
  const { canceled, filePaths } = parent
    ? await dialog.showOpenDialog(parent, options)
    : await dialog.showOpenDialog(options);
  return { path: canceled ? null : (filePaths[0] ?? null) };
}

function explainStoreFailure(error: unknown, nativeBinding: string): string {
  if (error instanceof StudioError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  if (/NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message)) {
    return (
      `The database module was built for Node.js, not for Electron (${nativeBinding} is missing or outdated).\n\n` +
      'Run `npm run rebuild:electron-native` in the GAN Studio folder (it needs internet access once), then start again.'
    );
  }
  return `Opening the store failed: ${message}`;
}
