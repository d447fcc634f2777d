import { randomUUID } from 'node:crypto';
import { Option, type Command } from 'commander';
import type { StudioApi } from '../../shared/api/client';
import type { MethodOutput } from '../../shared/api/contract';
import type { DatasetSummary } from '../../shared/api/dto';
import type { Result } from '../../shared/api/errors';
import { isToyDatasetName, TOY_DATASETS } from '../../core/engine/data';
import { withStudio } from '../open-studio';
import { intIn } from '../parse-int';
import { report, type OutputOptions } from '../output';
import { formatDuration, ProgressBar } from '../progress-bar';

interface ImportCliOptions extends OutputOptions {
  readonly name?: string;
  readonly size: number;
  readonly channels: 'rgb' | 'gray';
  readonly fit: 'cover' | 'contain' | 'stretch';
  readonly labels?: 'subfolders';
  readonly minSide?: number;
  readonly dedupe: boolean;
  readonly background?: string;
  readonly count?: number;
}

const BUILTIN = ['shapes', 'emoji'] as const;

export function registerImportCommand(program: Command): void {
  program
    .command('import')
    .description('import a folder of images as a dataset (or a built-in set: shapes, emoji)')
    .argument(
      '<folder>',
      `a folder of images, searched recursively; or ${BUILTIN.join(' / ')} (ring8 and grid25 need no import)`,
    )
    .option('--name <name>', "the dataset's name (default: the folder's)")
    .option('--size <px>', 'side of the square training images, 16–256', intIn(16, 256), 64)
    .addOption(new Option('--channels <c>', 'colour or grayscale').choices(['rgb', 'gray']).default('rgb'))
    .addOption(
      new Option('--fit <fit>', 'cover: crop the centre · contain: pad · stretch')
        .choices(['cover', 'contain', 'stretch'])
        .default('cover'),
    )
    .addOption(
      new Option('--labels <from>', 'classes from the names of immediate subfolders').choices(['subfolders']),
    )
    .option('--min-side <px>', 'skip images whose shorter side is smaller', intIn(0, 100_000))
    .option('--no-dedupe', 'keep files whose bytes repeat an earlier file')
    .option('--background <#rrggbb>', 'behind transparency and contain-padding (default #000000)')
    .option('--count <n>', 'shapes only: number of images (default 5000)', intIn(10, 100_000))
    .option('--json', 'end with one JSON line: dataset id, imported, skipped [{path, reason}], classes')
    .action(async (folder: string, options: ImportCliOptions) => {
      if (isToyDatasetName(folder)) {
        // The 2-D sets are sampled fresh from their formula: nothing to import, they are always there.
        const message = `${folder} is built in (${TOY_DATASETS[folder].description}) and needs no import: train on it by name, \`gan-studio train --dataset ${folder}\`.`;
        if (options.json)
          process.stdout.write(`${JSON.stringify({ ok: true, value: { builtin: folder, message } })}\n`);
        else process.stdout.write(`${message}\n`);
        return;
      }
      const result = await withStudio((api) =>
        (BUILTIN as readonly string[]).includes(folder)
          ? importBuiltin(api, folder as (typeof BUILTIN)[number], options)
          : importPath(api, folder, options),
      );
      if (options.json) {
        const line = result.ok
          ? {
              ok: true,
              value: {
                id: result.value.dataset.id,
                name: result.value.dataset.name,
                imported: result.value.dataset.imageCount,
                skipped: result.value.skipped.map(({ path, reason }) => ({ path, reason })),
                classes: result.value.dataset.classNames,
              },
            }
          : result;
        process.stdout.write(`${JSON.stringify(line)}\n`);
        if (!result.ok) process.exitCode = 1;
        return;
      }
      report(result, options, describeImport);
    });
}

type ImportResult = MethodOutput<'datasets.import'>;

async function importPath(
  api: StudioApi,
  folder: string,
  options: ImportCliOptions,
): Promise<Result<ImportResult>> {
  const importId = randomUUID();
  const bar = new ProgressBar();
  const stop = api.on('dataset.progress', (p) => {
    if (p.importId !== importId || options.json) return;
    const rate = p.imagesPerSecond > 0 ? `${Math.round(p.imagesPerSecond)} img/s` : p.phase;
    bar.update({
      done: p.done,
      total: p.found,
      fields: [rate, `${p.skipped} skipped`, `ETA ${formatDuration(p.etaSeconds ?? Number.NaN)}`],
    });
  });
  // Ctrl-C cancels cleanly: nothing half-written is left behind.
  const onInterrupt = (): void => void api.datasets.cancelImport({ importId });
  process.once('SIGINT', onInterrupt);
  try {
    return await api.datasets.import({
      path: folder,
      importId,
      options: {
        size: options.size,
        channels: options.channels,
        fit: options.fit,
        labels: options.labels ?? 'none',
        dedupe: options.dedupe,
        ...(options.minSide !== undefined ? { minSide: options.minSide } : {}),
        ...(options.background ? { background: options.background } : {}),
        ...(options.name ? { name: options.name } : {}),
      },
    });
  } finally {
    process.off('SIGINT', onInterrupt);
    stop();
    bar.finish();
  }
}

async function importBuiltin(
  api: StudioApi,
  name: (typeof BUILTIN)[number],
  options: ImportCliOptions,
): Promise<Result<ImportResult>> {
  const resolution = [16, 32, 64, 128].includes(options.size) ? (options.size as 16 | 32 | 64 | 128) : null;
  if (!resolution) {
    return {
      ok: false,
      error: {
        code: 'invalid_input',
        message: `Built-in datasets come at 16, 32, 64 or 128 px; --size ${options.size} is not one of them.`,
      },
    };
  }
  const result = await api.datasets.importBuiltin({
    name,
    resolution,
    channels: options.channels === 'gray' ? 1 : 3,
    ...(options.count ? { count: options.count } : {}),
  });
  if (!result.ok) return result;
  const detail = await api.datasets.get({ id: result.value.id });
  return { ok: true, value: { dataset: result.value, skipped: detail.ok ? detail.value.skipped : [] } };
}

function describeImport({ dataset, skipped }: ImportResult): string {
  return [
    `Imported ${dataset.imageCount} images as dataset ${dataset.id} ("${dataset.name}"), ${describeSize(dataset)}.`,
    ...(dataset.classNames.length > 0 ? [`Classes: ${dataset.classNames.join(', ')}`] : []),
    skipped.length > 0
      ? `Skipped ${skipped.length} file(s); \`gan-studio dataset ${dataset.id}\` lists each with its reason.`
      : 'Nothing was skipped.',
    `Train on it: gan-studio train --dataset ${dataset.id}`,
  ].join('\n');
}

export function describeSize(d: DatasetSummary): string {
  return `${d.width}×${d.height}×${d.channels}`;
}
