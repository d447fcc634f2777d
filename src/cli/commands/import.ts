import { InvalidArgumentError, Option, type Command } from 'commander';
import type { DatasetSummary } from '../../shared/api/dto';
import { withStudio } from '../open-studio';
import { formatTable, report, type OutputOptions } from '../output';

interface ImportOptions extends OutputOptions {
  readonly resolution: string;
  readonly count?: number;
  readonly channels: string;
}

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('add a dataset to the studio: the built-in `shapes` (drawn procedurally, offline)')
    .argument('<source>', 'shapes')
    .addOption(new Option('--resolution <px>', 'image side').choices(['16', '32', '64', '128']).default('32'))
    .option('--count <n>', 'number of images (default 5000)', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 10 || n > 100_000)
        throw new InvalidArgumentError('a whole number from 10 to 100000.');
      return n;
    })
    .addOption(new Option('--channels <c>', '3 for colour, 1 for grayscale').choices(['1', '3']).default('3'))
    .option('--json', 'print one JSON document instead of text')
    .action(async (source: string, options: ImportOptions) => {
      if (source !== 'shapes') {
        report(
          {
            ok: false,
            error: {
              code: 'invalid_input',
              message: `"${source}" is not a built-in dataset; the built-in image set is shapes.`,
            },
          },
          options,
          () => '',
        );
        return;
      }
      const result = await withStudio((api) =>
        api.datasets.importBuiltin({
          name: 'shapes',
          resolution: Number(options.resolution) as 16 | 32 | 64 | 128,
          channels: Number(options.channels) as 1 | 3,
          ...(options.count ? { count: options.count } : {}),
        }),
      );
      report(result, options, describeDataset);
    });
}

function describeDataset(d: DatasetSummary): string {
  return `Imported ${d.imageCount} images as dataset ${d.id} ("${d.name}").\n${formatTable([
    ['Size', `${d.width}×${d.height}×${d.channels}`],
    ['Classes', d.classNames.join(', ') || '—'],
  ])}\nTrain on it: gan-studio train --dataset ${d.id}`;
}
