import { resolve } from 'node:path';

/**
 * Bundles TypeScript entry points of the studio for a benchmark to import, one `<name>.js` per entry in
 * `outDir` (packages stay external, as in vite.node.config.ts). `entries` maps names to paths relative
 * to the repository root.
 */
export async function bundleSources(root, outDir, entries) {
  const { build } = await import('vite');
  await build({
    configFile: false,
    logLevel: 'warn',
    root,
    build: {
      ssr: true,
      target: 'node20',
      outDir,
      emptyOutDir: true,
      rollupOptions: {
        input: Object.fromEntries(Object.entries(entries).map(([name, path]) => [name, resolve(root, path)])),
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  });
}
