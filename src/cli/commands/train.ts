import { Option, type Command } from 'commander';
import { BACKEND_NAMES } from '../../shared/api/dto';
import { PRESET_NAMES } from '../../shared/engine/architecture';
import { OBJECTIVES } from '../../shared/engine/objective';
import {
  buildTrainingConfig,
  factsOfDataset,
  factsOfPointSet,
  type DatasetFacts,
} from '../../shared/engine/recipes';
import type { StudioApi } from '../../shared/api/client';
import { TOY_DATASETS, isToyDatasetName } from '../../core/engine/data';
import { createInProcessClient } from '../../core/api/in-process-client';
import { openStudio } from '../open-studio';
import { intIn } from '../parse-int';
import type { OutputOptions } from '../output';
import { followRun, reportRunResult } from '../run-monitor';

interface TrainOptions extends OutputOptions {
  readonly dataset: string;
  readonly preset?: (typeof PRESET_NAMES)[number];
  readonly loss?: (typeof OBJECTIVES)[number];
  readonly steps?: number;
  readonly batch?: number;
  readonly seed?: number;
  readonly backend: 'auto' | (typeof BACKEND_NAMES)[number];
  readonly sampleEvery?: number;
  readonly checkpointEvery?: number;
  readonly name?: string;
}

export function registerTrainCommand(program: Command): void {
  program
    .command('train')
    .description('train a GAN on a dataset, with a progress bar; Ctrl-C stops gracefully with a checkpoint')
    .requiredOption(
      '--dataset <name|id>',
      `a built-in 2-D set (${Object.keys(TOY_DATASETS).join(', ')}) or an imported dataset`,
    )
    .addOption(
      new Option(
        '--preset <preset>',
        'architecture preset (default: mlp for 2-D data, dcgan for images)',
      ).choices(PRESET_NAMES),
    )
    .addOption(new Option('--loss <objective>', 'objective (default nonsaturating)').choices(OBJECTIVES))
    .option('--steps <n>', 'generator updates (default 3000 for 2-D data, 5000 for images)', intIn(1))
    .option('--batch <n>', 'batch size (default 128 for 2-D data, 64 for images)', intIn(1))
    .option('--seed <n>', 'random seed: the same seed and config give the same run (default 1)', intIn(0))
    .addOption(
      new Option('--backend <backend>', 'compute backend')
        .choices(['auto', ...BACKEND_NAMES])
        .default('auto'),
    )
    .option('--sample-every <k>', 'snapshot every k steps (default: 20 per run)', intIn(1))
    .option('--checkpoint-every <m>', 'checkpoint every m steps (default: 5 per run)', intIn(1))
    .option('--name <name>', 'a name for the run')
    .option('--json', 'one JSON object per line: progress, samples and a final result')
    .action(async (options: TrainOptions) => {
      const studio = openStudio('cli', { train: true });
      const api = createInProcessClient(studio);
      try {
        const facts = await resolveDataset(api, options.dataset);
        const config = buildTrainingConfig(facts, {
          ...(options.preset ? { preset: options.preset } : {}),
          ...(options.loss ? { objective: options.loss } : {}),
          ...(options.steps ? { steps: options.steps } : {}),
          ...(options.batch ? { batchSize: options.batch } : {}),
          ...(options.seed !== undefined ? { seed: options.seed } : {}),
          ...(options.sampleEvery ? { sampleEvery: options.sampleEvery } : {}),
          ...(options.checkpointEvery ? { checkpointEvery: options.checkpointEvery } : {}),
          backend: options.backend,
        });
        const started = await api.runs.start({ config, ...(options.name ? { name: options.name } : {}) });
        if (!started.ok) throw new Error(started.error.message);
        if (!options.json) {
          process.stderr.write(
            `Training run ${started.value.id} (${started.value.recipe}) on ${facts.name}.\n`,
          );
        }
        reportRunResult(await followRun(studio, api, started.value, options), options);
      } catch (error) {
        fail(error, options);
      } finally {
        studio.close();
      }
    });
}

export function fail(error: unknown, options: OutputOptions): void {
  const message = error instanceof Error ? error.message : String(error);
  if (options.json)
    process.stdout.write(`${JSON.stringify({ ok: false, error: { code: 'invalid_input', message } })}\n`);
  else process.stderr.write(`Error: ${message}\n`);
  process.exitCode = 1;
}

async function resolveDataset(api: StudioApi, nameOrId: string): Promise<DatasetFacts> {
  if (isToyDatasetName(nameOrId)) return factsOfPointSet(nameOrId);
  const list = await api.datasets.list();
  if (!list.ok) throw new Error(list.error.message);
  const found = list.value.find((d) => d.id === nameOrId) ?? list.value.find((d) => d.name === nameOrId);
  if (!found) {
    const known = [...Object.keys(TOY_DATASETS), ...list.value.map((d) => d.name)].join(', ');
    throw new Error(`There is no dataset "${nameOrId}". Known: ${known}.`);
  }
  if (found.status !== 'ready')
    throw new Error(`Dataset "${found.name}" is ${found.status}, not ready to train on.`);
  return factsOfDataset(found);
}
