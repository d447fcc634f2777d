// `npm start`: the desktop app when Electron's binary is here, the server host (in a browser) when not.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildElectronNative } from './build-electron-native.mjs';
import { downloadElectronBinary, findElectronBinary } from './electron-binary.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  // Forward Ctrl+C / kill to the child so the server or app closes its store cleanly.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

if (!existsSync(`${root}/out/main/index.js`) || !existsSync(`${root}/out/node/cli.js`)) {
  console.error('GAN Studio is not built yet. Run `npm install` (or `npm run build`), then `npm start`.');
  process.exit(1);
}

let electron = findElectronBinary();
let downloadFailure = null;
if (!electron.found && electron.version && !process.env.ELECTRON_OVERRIDE_DIST_PATH) {
  console.log('Fetching the Electron binary (first start only)…');
  const download = downloadElectronBinary();
  if (download.ok) electron = findElectronBinary();
  else downloadFailure = download.reason;
}

if (electron.found) {
  buildElectronNative();
  // A stray ELECTRON_RUN_AS_NODE in the environment would start a bare Node instead of the app.
  const { ELECTRON_RUN_AS_NODE: _ignored, ...env } = process.env;
  run(electron.path, [root], env);
} else {
  console.log(
    [
      '',
      `The desktop window cannot open: ${electron.reason}.`,
      ...(downloadFailure ? [`Downloading it failed (${downloadFailure}).`] : []),
      'Electron fetches its binary the first time it is needed; that needs internet access, so it fails',
      'on an offline machine or behind a blocking proxy. To get the desktop app, run `npm start` again',
      'while connected, or set ELECTRON_OVERRIDE_DIST_PATH to a folder holding an Electron',
      `${electron.version ?? ''} build. Meanwhile, here is the same studio in your browser:`,
      '',
    ].join('\n'),
  );
  run(process.execPath, [`${root}/bin/gan-studio.js`, 'serve']);
}
