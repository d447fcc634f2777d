import { resolve } from 'node:path';
import type { Command } from 'commander';
import { describeFiles, runCliExport } from '../export-runner';
import type { OutputOptions } from '../output';
import { intIn } from '../parse-int';
import { parseUpscale } from './export';

interface SampleOptions extends OutputOptions {
  readonly out: string;
  readonly count: number;
  readonly seed: number;
  readonly grid?: boolean;
  readonly upscale: 1 | 2 | 4 | 8;
  readonly class?: number;
}

export function registerSampleCommand(program: Command): void {
  program
    .command('sample')
    .description('generate images from an exported generator (a folder export-model wrote), without its run')
    .argument('<generator-dir>', 'the folder holding generator.json, model.json and weights.bin')
    .requiredOption('--out <dir>', 'a new or empty folder for the files (never overwritten)')
    .option('--count <n>', 'images to generate, 1–4096', intIn(1, 4096), 64)
    .option('--seed <n>', 'the same seed gives the same images', intIn(0, 2 ** 32 - 1), 1)
    .option('--grid', 'also a contact sheet of all the images (grid.png)')
    .option('--upscale <u>', 'enlarge by nearest neighbour: 1, 2, 4 or 8', parseUpscale, 1)
    .option('--class <c>', 'conditional generators: this class only (default: the classes in turn)', intIn(0))
    .option('--json', 'print one JSON document: the folder and every file written')
    .action(async (dir: string, options: SampleOptions) => {
      await runCliExport(
        { ...options, process: true },
        (api, exportId) =>
          api.generators.sample({
            exportId,
            source: { dir: resolve(dir) },
            outDir: resolve(options.out),
            count: options.count,
            seed: options.seed,
            grid: options.grid === true,
            upscale: options.upscale,
            classIndex: options.class ?? null,
          }),
        (result) => `Sampled ${describeFiles(result)} to ${result.dir}`,
      );
    });
}
