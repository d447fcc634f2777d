import { resolve } from 'node:path';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { buildContentSecurityPolicy } from './src/shared/security/content-security-policy';

const alias = {
  '@shared': resolve(import.meta.dirname, 'src/shared'),
  '@renderer': resolve(import.meta.dirname, 'src/renderer/src'),
};

/**
 * Writes the studio's one CSP (src/shared/security) into the built index.html, so the page is protected
 * even before a header could apply. Left out of the dev server, whose hot reload needs inline code.
 */
function contentSecurityPolicyMeta(): Plugin {
  return {
    name: 'gan-studio:csp-meta',
    transformIndexHtml(_html, context) {
      if (context.server) return [];
      const content = buildContentSecurityPolicy({
        extraImageSources: ['studio:'],
        // The port is not known at build time; each host's header narrows this to its own origin.
        extraConnectSources: ['ws:', 'wss:'],
        forMetaTag: true,
      });
      return [
        {
          tag: 'meta',
          attrs: { 'http-equiv': 'Content-Security-Policy', content },
          injectTo: 'head-prepend',
        },
      ];
    },
  };
}

/**
 * out/main (Electron main, ESM), out/preload (CommonJS: a sandboxed preload cannot load ES modules or
 * require packages, so everything it uses is bundled into one file), out/renderer (the Vue app, also
 * served by the server host). The CLI/server bundle is vite.node.config.ts.
 */
export default defineConfig({
  main: {
    resolve: { alias },
    build: { rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/main/index.ts') } } },
  },
  preload: {
    resolve: { alias },
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs', inlineDynamicImports: true },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    resolve: { alias },
    plugins: [vue(), contentSecurityPolicyMeta()],
    build: {
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
  },
});
