#!/usr/bin/env node
// The `gan-studio` command. The CLI itself is TypeScript, built into out/node by `npm run build`
// (which `npm install` runs); this shim only explains what to do when that build is missing.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = new URL('../out/node/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(cli))) {
  console.error(
    'GAN Studio is not built yet: out/node/cli.js is missing.\n' +
      'Run `npm install` (or `npm run build`) in the GAN Studio folder, then try again.',
  );
  process.exit(1);
}
await import(cli.href);
