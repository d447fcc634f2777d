import { existsSync } from 'node:fs';
import { chromium, defineConfig } from '@playwright/test';
import type { HostFixtureOptions } from './e2e/fixtures';

/**
 * Playwright's own Chromium when it has been downloaded, else the system's (Debian: /usr/bin/chromium;
 * `npx playwright install` cannot download browsers on offline machines).
 */
function chromiumExecutable(): string | undefined {
  const bundled = chromium.executablePath();
  if (bundled && existsSync(bundled)) return undefined;
  const system = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(
    existsSync,
  );
  if (!system) {
    throw new Error(
      'No Chromium for the e2e tests. Install one (Debian/Ubuntu: `apt-get install chromium`) or run `npx playwright install chromium`.',
    );
  }
  return system;
}

const executablePath = chromiumExecutable();

export default defineConfig<HostFixtureOptions>({
  testDir: 'e2e',
  globalSetup: './e2e/global-setup.ts',
  outputDir: 'test-results/artifacts',
  // Two cores here: one worker keeps the server, the browser and the tests from starving each other.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'server-chromium',
      use: {
        host: 'server',
        launchOptions: {
          ...(executablePath ? { executablePath } : {}),
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
    // The same specs against the desktop app; each test skips, with the reason, where there is no
    // Electron binary (offline installs).
    { name: 'electron', use: { host: 'electron' } },
  ],
});
