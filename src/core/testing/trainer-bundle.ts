import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

/**
 * Vitest global setup: builds the trainer process (src/trainer → trainer.js) once per `vitest run`, so
 * the supervisor's integration tests start real trainer processes on a clean checkout. It builds the
 * trainer entry of vite.node.config.ts only, into its own folder: out/node (the CLI and the app's
 * trainer) stays untouched while a host may be running from it, and a half-edited CLI cannot break
 * these tests. Skipped when the bundle is newer than every source it is built from (~1 s otherwise).
 * Each build goes to a staging folder and its files are renamed into place, so another test run
 * forking trainers from the folder at the same moment sees the old bundle or the new, never none.
 */
const ROOT = resolve(import.meta.dirname, '../../..');
const OUT_DIR = join(ROOT, 'out', 'test-trainer');
export const TRAINER_BUNDLE = join(OUT_DIR, 'trainer.js');

/** What the bundle is built from: code it may import, and the build's own settings. */
const SOURCES = [
  'src/trainer',
  'src/core',
  'src/shared',
  'src/backends',
  'vite.node.config.ts',
  'package.json',
];

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absolute path of the built trainer process script (inject('trainerScript')). */
    trainerScript: string;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  if (!isUpToDate()) await buildTrainer();
  project.provide('trainerScript', TRAINER_BUNDLE);
}

async function buildTrainer(): Promise<void> {
  // Imported here so test runs with an up-to-date bundle do not load the bundler at all.
  const { build, loadConfigFromFile } = await import('vite');
  const configFile = join(ROOT, 'vite.node.config.ts');
  const loaded = await loadConfigFromFile({ command: 'build', mode: 'production' }, configFile, ROOT, 'warn');
  if (!loaded) throw new Error(`${configFile} could not be loaded`);
  const buildOptions = loaded.config.build ?? {};
  const input = buildOptions.rollupOptions?.input;
  const trainer = typeof input === 'object' && !Array.isArray(input) ? input['trainer'] : undefined;
  if (!trainer) throw new Error(`${configFile} has no "trainer" entry in build.rollupOptions.input`);
  const staging = join(ROOT, 'out', `.test-trainer-${process.pid}`);
  await build({
    ...loaded.config,
    // The loaded config is used as is (one source of truth for target, format and externals); only
    // the entry list and the output folder change.
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    build: {
      ...buildOptions,
      outDir: staging,
      emptyOutDir: true,
      rollupOptions: { ...buildOptions.rollupOptions, input: { trainer } },
    },
  });
  for (const file of listFiles(staging)) {
    const target = join(OUT_DIR, relative(staging, file));
    mkdirSync(dirname(target), { recursive: true });
    renameSync(file, target);
  }
  rmSync(staging, { recursive: true, force: true });
}

function listFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(join(folder, entry.name)) : [join(folder, entry.name)],
  );
}

function isUpToDate(): boolean {
  if (!existsSync(TRAINER_BUNDLE)) return false;
  const built = statSync(TRAINER_BUNDLE).mtimeMs;
  return SOURCES.every((source) => newestChange(join(ROOT, source)) < built);
}

/** The latest modification under a path; folders count too, as removing a file changes only its folder. */
function newestChange(path: string): number {
  if (!existsSync(path)) return 0;
  const stats = statSync(path);
  // Tests beside the code are not part of the bundle; editing one need not rebuild it.
  if (!stats.isDirectory()) return path.endsWith('.test.ts') ? 0 : stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestChange(join(path, entry)));
  return newest;
}
