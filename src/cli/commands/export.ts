import { resolve } from 'node:path';
import { InvalidArgumentError, Option, type Command } from 'commander';
import type { StudioApi } from '../../shared/api/client';
import type { Result } from '../../shared/api/errors';
import { describeFiles, resolveRunId, runCliExport, type ExportResult } from '../export-runner';
import type { OutputOptions } from '../output';
import { intIn } from '../parse-int';

interface ExportOptions extends OutputOptions {
  readonly out: string;
  readonly count: number;
  readonly checkpoint: number | 'latest';
  readonly seed: number;
  readonly grid?: boolean;
  readonly interpolate?: number;
  readonly gif?: boolean;
  readonly upscale: 1 | 2 | 4 | 8;
  readonly class?: number;
  readonly format?: 'png' | 'csv-points';
}

/** Steps of the walk when --gif is given without --interpolate. */
const DEFAULT_GIF_STEPS = 16;

export function parseCheckpoint(value: string): number | 'latest' {
  if (value === 'latest') return value;
  const step = Number(value);
  if (!Number.isInteger(step) || step < 0) throw new InvalidArgumentError('a step number, or latest.');
  return step;
}

export function parseUpscale(value: string): 1 | 2 | 4 | 8 {
  if (!['1', '2', '4', '8'].includes(value)) throw new InvalidArgumentError('1, 2, 4 or 8.');
  return Number(value) as 1 | 2 | 4 | 8;
}

export function registerExportCommand(program: Command): void {
  program
    .command('export')
    .description(
      "generate images from a run's checkpoint: PNG files, a contact sheet, an interpolation and a GIF",
    )
    .argument('<run>', 'the run id (or its name), as `gan-studio runs` prints it')
    .requiredOption('--out <dir>', 'a new or empty folder for the files (never overwritten)')
    .option('--count <n>', 'images to generate, 1–4096', intIn(1, 4096), 64)
    .option('--checkpoint <step>', 'the checkpoint: its step, or latest', parseCheckpoint, 'latest')
    .option('--seed <n>', 'the same seed gives the same images', intIn(0, 2 ** 32 - 1), 1)
    .option('--grid', 'also a contact sheet of all the images (grid.png)')
    .option('--interpolate <k>', 'also a strip of k steps between two noise vectors, 2–64', intIn(2, 64))
    .option(
      '--gif',
      `also an animated GIF of the interpolation (${DEFAULT_GIF_STEPS} steps unless --interpolate)`,
    )
    .option('--upscale <u>', 'enlarge by nearest neighbour: 1, 2, 4 or 8', parseUpscale, 1)
    .option('--class <c>', 'conditional runs: this class only (default: the classes in turn)', intIn(0))
    .addOption(
      new Option(
        '--format <format>',
        'png for image runs, csv-points for 2-D runs (default: what the run makes)',
      ).choices(['png', 'csv-points']),
    )
    .option('--json', 'print one JSON document: the folder and every file written')
    .action(async (run: string, options: ExportOptions) => {
      await runCliExport(
        { ...options, process: true },
        (api, exportId) => exportImages(api, exportId, run, options),
        (result) => `Exported ${describeFiles(result)} to ${result.dir}`,
      );
    });
}

async function exportImages(
  api: StudioApi,
  exportId: string,
  ref: string,
  options: ExportOptions,
): Promise<Result<ExportResult>> {
  const runId = await resolveRunId(api, ref);
  if (!runId.ok) return runId;
  const config = await api.runs.config({ id: runId.value });
  if (!config.ok) return config;
  const points = config.value.architecture.data.kind === 'points';
  if (options.format && (options.format === 'csv-points') !== points) {
    const message = points
      ? `Run ${ref} is a 2-D run: it exports points, with --format csv-points.`
      : `Run ${ref} is an image run: --format csv-points is for 2-D runs.`;
    return { ok: false, error: { code: 'invalid_input', message } };
  }
  return api.exports.images({
    runId: runId.value,
    exportId,
    outDir: resolve(options.out),
    checkpoint: options.checkpoint,
    count: options.count,
    seed: options.seed,
    upscale: options.upscale,
    grid: options.grid === true,
    interpolation: options.interpolate ?? (options.gif ? DEFAULT_GIF_STEPS : 0),
    gif: options.gif === true,
    classIndex: options.class ?? null,
  });
}
