import { resolve } from 'node:path';
import type { Command } from 'commander';
import { describeFiles, resolveRunId, runCliExport } from '../export-runner';
import type { OutputOptions } from '../output';
import { parseCheckpoint } from './export';

interface ExportModelOptions extends OutputOptions {
  readonly out: string;
  readonly checkpoint: number | 'latest';
}

export function registerExportModelCommand(program: Command): void {
  program
    .command('export-model')
    .description("save a run's generator as a TensorFlow.js Layers model, with generator.json")
    .argument('<run>', 'the run id (or its name), as `gan-studio runs` prints it')
    .requiredOption('--out <dir>', 'a new or empty folder for the files (never overwritten)')
    .option('--checkpoint <step>', 'the checkpoint: its step, or latest', parseCheckpoint, 'latest')
    .option('--json', 'print one JSON document: the folder and every file written')
    .action(async (run: string, options: ExportModelOptions) => {
      await runCliExport(
        { ...options, process: true },
        async (api, exportId) => {
          const runId = await resolveRunId(api, run);
          if (!runId.ok) return runId;
          const outDir = resolve(options.out);
          return api.exports.model({ runId: runId.value, exportId, outDir, checkpoint: options.checkpoint });
        },
        (result) =>
          `Saved the generator to ${result.dir} (${describeFiles(result)}). Load it with tf.loadLayersModel; generator.json says how to feed it.`,
      );
    });
}
