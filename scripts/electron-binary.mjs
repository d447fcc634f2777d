// Finds the Electron binary without `require('electron')`, which would try to download it and throw on
// an offline machine. Used by `npm start` and by the e2e fixture that picks the host to test.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

const DEFAULT_EXECUTABLE = {
  darwin: 'Electron.app/Contents/MacOS/Electron',
  win32: 'electron.exe',
};

/** @returns {{ found: true, path: string, version: string } | { found: false, reason: string, version: string | null }} */
export function findElectronBinary() {
  let packageDir;
  try {
    packageDir = dirname(require.resolve('electron/package.json'));
  } catch {
    return { found: false, reason: 'the electron package is not installed', version: null };
  }
  const version = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
  const pathFile = join(packageDir, 'path.txt');
  const executable = existsSync(pathFile)
    ? readFileSync(pathFile, 'utf8').trim()
    : (DEFAULT_EXECUTABLE[process.platform] ?? 'electron');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const path = override ? join(override, executable) : join(packageDir, 'dist', executable);
  if (existsSync(path)) return { found: true, path, version };
  const reason = override
    ? `ELECTRON_OVERRIDE_DIST_PATH points at ${override}, which has no ${executable}`
    : `the Electron ${version} binary has not been downloaded (${path} is missing)`;
  return { found: false, reason, version };
}

/**
 * Runs electron's own installer (it downloads the binary).
 * @returns {{ ok: true } | { ok: false, reason: string }}
 */
export function downloadElectronBinary() {
  let installer;
  try {
    installer = join(dirname(require.resolve('electron/package.json')), 'install.js');
  } catch {
    return { ok: false, reason: 'the electron package is not installed' };
  }
  const result = spawnSync(process.execPath, [installer], {
    stdio: ['ignore', 'inherit', 'pipe'],
    encoding: 'utf8',
    timeout: 10 * 60_000,
  });
  if (result.status === 0 && findElectronBinary().found) return { ok: true };
  // The installer prints a stack trace; one line of it says what happened.
  const line = (result.stderr ?? '').split('\n').find((l) => /error/i.test(l)) ?? 'the installer failed';
  return { ok: false, reason: line.trim() };
}
