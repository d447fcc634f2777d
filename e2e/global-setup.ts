import { buildElectronNative } from '../scripts/build-electron-native.mjs';
import { findElectronBinary } from '../scripts/electron-binary.mjs';

/**
 * Says up front which hosts the specs will run against, and why one is skipped. Where Electron exists,
 * makes sure its own build of the SQLite addon is there, as `npm start` does.
 */
export default function globalSetup(): void {
  const electron = findElectronBinary();
  if (!electron.found) {
    console.log(
      `\nThe [electron] specs are skipped: ${electron.reason}. They run wherever the Electron binary exists.\n`,
    );
    return;
  }
  console.log(
    `\nElectron ${electron.version} found at ${electron.path}: the specs also run against the desktop app.\n`,
  );
  if (!buildElectronNative()) {
    console.log(
      'The Electron build of better-sqlite3 is missing, so the [electron] specs will fail to open the store.',
    );
  }
}
