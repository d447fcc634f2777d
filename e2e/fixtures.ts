import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { _electron, test as base, type Browser, type ElectronApplication } from '@playwright/test';
import { findElectronBinary } from '../scripts/electron-binary.mjs';
import { StudioApp } from './pages/studio-app';
import { createDataDir, startServerHost, type ServerHost } from './studio-host';

/**
 * One set of specs, two hosts. `host: 'server'` starts `gan-studio serve` per worker and drives
 * Chromium; `host: 'electron'` launches the desktop app through Playwright's Electron support, or skips
 * with the reason when the Electron binary is not installed. Specs only see `app` (a page object) and,
 * for server-only checks, `server`.
 *
 * The browser is launched here rather than through Playwright's `page` fixture so that the Electron
 * project never needs a browser at all.
 */
export interface HostFixtureOptions {
  host: 'server' | 'electron';
}

interface WorkerFixtures {
  server: ServerHost | null;
  serverBrowser: Browser | null;
}

interface TestFixtures {
  app: StudioApp;
}

const ROOT = join(import.meta.dirname, '..');

export const test = base.extend<TestFixtures, WorkerFixtures & HostFixtureOptions>({
  host: ['server', { option: true, scope: 'worker' }],

  server: [
    async ({ host }, use) => {
      if (host !== 'server') return use(null);
      const server = await startServerHost();
      await use(server);
      await server.stop();
    },
    { scope: 'worker' },
  ],

  serverBrowser: [
    async ({ host, playwright, launchOptions }, use) => {
      if (host !== 'server') return use(null);
      const browser = await playwright.chromium.launch(launchOptions);
      await use(browser);
      await browser.close();
    },
    { scope: 'worker' },
  ],

  app: async ({ host, server, serverBrowser, viewport }, use) => {
    if (host === 'server' && server && serverBrowser) {
      const context = await serverBrowser.newContext({ viewport });
      const app = new StudioApp(await context.newPage(), 'server');
      await app.page.goto(server.openUrl);
      await use(app);
      await context.close();
      return;
    }
    const electron = findElectronBinary();
    if (!electron.found) {
      test.skip(true, `Electron specs skipped: ${electron.reason}.`);
      return;
    }
    const dataDir = createDataDir();
    let electronApp: ElectronApplication | null = null;
    try {
      electronApp = await _electron.launch({
        executablePath: electron.path,
        args: [ROOT],
        env: { ...process.env, GAN_STUDIO_HOME: dataDir },
      });
      await use(new StudioApp(await electronApp.firstWindow(), 'electron', electronApp));
    } finally {
      await electronApp?.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
});

export { expect } from '@playwright/test';
