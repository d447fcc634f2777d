import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleSources } from './bundle-sources.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BUNDLE = join(ROOT, 'out', 'bench-train');

/** The studio code a training measurement runs: the trainer's backend choice, the engine and recipes. */
const ENTRIES = {
  'choose-backend': 'src/trainer/choose-backend.ts',
  recipes: 'src/shared/engine/recipes.ts',
  'training-parts': 'src/core/engine/training-parts.ts',
  train: 'src/core/engine/train.ts',
  data: 'src/core/engine/data/index.ts',
  models: 'src/core/engine/models/index.ts',
};

/** Bundles the entries once per benchmark invocation (the children only import the result). */
export function bundleTrainingSources() {
  return bundleSources(ROOT, BUNDLE, ENTRIES);
}

/**
 * The bundled modules by entry name: { 'choose-backend': module, recipes: module, … }. Bundles first
 * when there is no bundle yet (a child started by hand).
 */
export async function importTrainingBundle() {
  const names = Object.keys(ENTRIES);
  if (!names.every((name) => existsSync(join(BUNDLE, `${name}.js`)))) await bundleTrainingSources();
  const modules = await Promise.all(
    names.map((name) => import(pathToFileURL(join(BUNDLE, `${name}.js`)).href)),
  );
  return Object.fromEntries(names.map((name, i) => [name, modules[i]]));
}
