import { findElectronBinary } from '../scripts/electron-binary.mjs';

/** Says up front which hosts the specs will run against, and why one is skipped. */
export default function globalSetup(): void {
  const electron = findElectronBinary();
  const line = electron.found
    ? `Electron ${electron.version} found at ${electron.path}: the specs also run against the desktop app.`
    : `The [electron] specs are skipped: ${electron.reason}. They run wherever the Electron binary exists.`;
  console.log(`\n${line}\n`);
}
