// Builds better-sqlite3 for Electron's ABI into native/electron/, beside (never instead of) the Node
// build in node_modules that the CLI, the server and the tests use. The Electron host opens the store
// with `nativeBinding` pointing here. Needs the Electron binary and either a prebuilt addon (downloaded
// by prebuild-install) or Electron's headers (node-gyp); both need internet access the first time.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = join(root, 'native', 'electron');
const outFile = join(outDir, 'better_sqlite3.node');
const stampFile = join(outDir, 'electron-version.txt');

export function electronNativeIsCurrent(version) {
  return existsSync(outFile) && existsSync(stampFile) && readFileSync(stampFile, 'utf8').trim() === version;
}

export function buildElectronNative() {
  const electron = findElectronBinary();
  if (!electron.found) {
    console.log(`Skipping the Electron build of better-sqlite3: ${electron.reason}.`);
    return false;
  }
  if (electronNativeIsCurrent(electron.version)) return true;

  console.log(`Building better-sqlite3 for Electron ${electron.version} (once per Electron version)…`);
  const source = dirname(require.resolve('better-sqlite3/package.json'));
  const work = mkdtempSync(join(tmpdir(), 'gan-studio-sqlite-'));
  try {
    cpSync(source, work, { recursive: true, filter: (path) => !path.startsWith(join(source, 'build')) });
    const bin = (name) => join(root, 'node_modules', '.bin', name);
    const target = ['--runtime=electron', `--target=${electron.version}`, `--arch=${process.arch}`];
    const prebuilt = spawnSync(bin('prebuild-install'), target, { cwd: work, stdio: 'inherit' });
    if (prebuilt.status !== 0) {
      execFileSync(
        'npx',
        ['--yes', 'node-gyp', 'rebuild', '--release', ...target, '--dist-url=https://electronjs.org/headers'],
        { cwd: work, stdio: 'inherit' },
      );
    }
    verifyLoadsInElectron(electron.path, join(work, 'build', 'Release', 'better_sqlite3.node'));
    mkdirSync(outDir, { recursive: true });
    cpSync(join(work, 'build', 'Release', 'better_sqlite3.node'), outFile);
    writeFileSync(stampFile, `${electron.version}\n`);
    console.log(`Done: ${outFile}`);
    return true;
  } catch (error) {
    console.error(
      `Could not build better-sqlite3 for Electron: ${error.message}\n` +
        'The desktop app needs it to open its store. Connect to the internet and run `npm run rebuild:electron-native`.',
    );
    return false;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Opens an in-memory database with the new addon inside Electron itself (as plain Node), or throws. */
function verifyLoadsInElectron(electronPath, addon) {
  const script = `const D = require(${JSON.stringify(require.resolve('better-sqlite3'))}); new D(':memory:', { nativeBinding: ${JSON.stringify(addon)} }).close();`;
  execFileSync(electronPath, ['-e', script], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    stdio: 'inherit',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.exitCode = buildElectronNative() ? 0 : 1;
}
