import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/**
 * The Node-side bundle: the CLI (which also starts the server host) and the trainer process, which
 * every host (the Electron app too, as a utility process) starts once per run. Packages stay external and are
 * loaded from node_modules at run time — native addons (better-sqlite3) and tfjs backends cannot be
 * bundled. Output: out/node/cli.js, started by bin/gan-studio.js, and out/node/trainer.js.
 */
export default defineConfig({
  build: {
    ssr: true,
    target: 'node20',
    outDir: 'out/node',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      input: {
        cli: resolve(import.meta.dirname, 'src/cli/index.ts'),
        trainer: resolve(import.meta.dirname, 'src/trainer/index.ts'),
      },
      output: { format: 'es', entryFileNames: '[name].js' },
    },
  },
});
