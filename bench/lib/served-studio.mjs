import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleSources } from './bundle-sources.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUNDLE = join(ROOT, 'out', 'bench-ui');
const RENDERER = join(ROOT, 'out', 'renderer');

/** Every metric the run dashboard charts, as the engine records them per step. */
export const DASHBOARD_METRICS = [
  'loss_d',
  'loss_g',
  'd_real',
  'd_fake',
  'js',
  'grad_norm_d',
  'grad_norm_g',
  'images_per_second',
];

/**
 * The real UI served by the real host code in this process (as `gan-studio serve` does), over a fresh
 * data directory, with a second store connection for seeding and Chromium to drive it. UI benchmarks
 * seed runs with `seedRun`, open pages and measure; `close` removes everything.
 */
export async function startServedStudio() {
  if (!existsSync(join(RENDERER, 'index.html'))) {
    throw new Error('Build the renderer first: npm run build');
  }
  await bundleSources(ROOT, BUNDLE, {
    'open-studio': 'src/cli/open-studio.ts',
    server: 'src/server/server.ts',
    store: 'src/core/store/index.ts',
    recipes: 'src/shared/engine/recipes.ts',
  });
  const home = mkdtempSync(join(tmpdir(), 'gan-studio-bench-ui-'));
  process.env.GAN_STUDIO_HOME = home;
  const mod = (name) => import(pathToFileURL(join(BUNDLE, `${name}.js`)).href);
  const [{ openStudio }, { startServer }, store, recipes] = await Promise.all([
    mod('open-studio'),
    mod('server'),
    mod('store'),
    mod('recipes'),
  ]);
  const studio = openStudio('server');
  const server = await startServer({ studio, rendererDir: RENDERER, host: '127.0.0.1', port: 0 });
  const db = store.openStore(studio.storePath);
  const { chromium } = await import('@playwright/test');
  const browser = await chromium.launch({
    ...(existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium' } : {}),
    args: ['--no-sandbox', '--disable-gpu'],
  });

  /** A ring8 run row with `steps` steps of every dashboard metric (smooth curves with noise). */
  function seedRun(name, steps, { status = 'completed', totalSteps = steps } = {}) {
    const config = recipes.buildTrainingConfig(recipes.factsOfPointSet('ring8'), { steps: totalSteps });
    const run = store.insertRun(db, { name, datasetId: null, recipe: 'mlp', config, totalSteps });
    store.updateRunStatus(db, run.id, {
      status: status === 'completed' ? 'running' : status,
      backend: 'wasm',
    });
    if (status === 'completed') store.updateRunStatus(db, run.id, { status: 'completed' });
    let step = 0;
    const addSteps = (count) => {
      const batch = [];
      for (let i = 0; i < count; i++) {
        step += 1;
        for (const [m, metric] of DASHBOARD_METRICS.entries()) {
          const value = Math.sin(step / 500 + m) + Math.random() * 0.2;
          batch.push({ name: metric, step, value, wallTime: step / 10 });
        }
      }
      db.transaction(() => store.insertMetricPoints(db, run.id, batch))();
    };
    for (let done = 0; done < steps; done += 10_000) addSteps(Math.min(10_000, steps - done));
    return { run, addSteps, lastStep: () => step };
  }

  async function newPage() {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('console', (message) => message.type() === 'error' && console.error(`[page] ${message.text()}`));
    page.on('pageerror', (error) => console.error(`[page] ${error.message}`));
    return page;
  }

  async function close() {
    await browser.close();
    db.close();
    await server.close();
    await studio.shutdown();
    rmSync(home, { recursive: true, force: true });
  }

  return { studio, server, db, store, seedRun, newPage, close };
}
