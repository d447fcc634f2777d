import type { Command } from 'commander';
import type { DatasetSummary } from '../../shared/api/dto';
import { withStudio } from '../open-studio';
import { formatTable, report, type OutputOptions } from '../output';

export function registerDatasetsCommand(program: Command): void {
  const datasets = program.command('datasets').description('list and inspect imported datasets');
  datasets
    .command('list', { isDefault: true })
    .description('list the datasets in the store')
    .option('--json', 'print one JSON document instead of text')
    .action(async (options: OutputOptions) => {
      report(await withStudio((api) => api.datasets.list()), options, formatDatasets);
    });
}

function formatDatasets(datasets: readonly DatasetSummary[]): string {
  if (datasets.length === 0) return 'No datasets yet. Import a folder of images in the studio window.';
  return formatTable([
    ['ID', 'NAME', 'STATUS', 'IMAGES', 'SIZE', 'CLASSES'],
    ...datasets.map((d) => [
      d.id,
      d.name,
      d.status,
      String(d.imageCount),
      `${d.width}×${d.height}×${d.channels}`,
      d.classNames.length > 0 ? d.classNames.join(', ') : '—',
    ]),
  ]);
}
