import type { Command } from 'commander';
import type { MethodOutput } from '../../shared/api/contract';
import { withStudio } from '../open-studio';
import { formatTable, report, type OutputOptions } from '../output';

type DatasetDetail = MethodOutput<'datasets.get'>;

export function registerDatasetCommand(program: Command): void {
  const dataset = program
    .command('dataset')
    .description(
      'show one dataset: counts, classes, and every skipped file with its reason (`dataset delete <id>` removes one)',
    )
    .argument('<id|name>', 'as `gan-studio datasets` lists it')
    .option('--json', 'print one JSON document instead of text')
    // `dataset delete <id> --json` is delete's --json (see program.ts).
    .enablePositionalOptions()
    .action(async (ref: string, options: OutputOptions) => {
      const result = await withStudio(async (api) => {
        const list = await api.datasets.list();
        if (!list.ok) return list;
        const found = list.value.find((d) => d.id === ref) ?? list.value.find((d) => d.name === ref);
        return api.datasets.get({ id: found?.id ?? ref });
      });
      report(result, options, formatDetail);
    });
  dataset
    .command('delete')
    .description('delete a dataset and its files; runs trained on it keep their records')
    .argument('<id>', 'the dataset id, as `gan-studio datasets` lists it')
    .option('--json', 'print one JSON document instead of text')
    .action(async (id: string, options: OutputOptions) => {
      report(
        await withStudio((api) => api.datasets.delete({ id })),
        options,
        (deleted) => `Deleted dataset ${deleted.id} and its files.`,
      );
    });
}

function formatDetail(d: DatasetDetail): string {
  const lines = [
    formatTable([
      ['Dataset', `${d.name} (${d.id})`],
      ['Status', d.status],
      ['Images', `${d.imageCount} of ${d.width}×${d.height}×${d.channels}`],
      ['Source', d.sourcePath ?? 'built in'],
      [
        'Classes',
        d.classNames.length > 0
          ? d.classNames.map((c, i) => `${c} (${d.classCounts[i] ?? 0})`).join(', ')
          : '—',
      ],
      ['Skipped', String(d.skipped.length)],
      ...(d.attribution ? [['Attribution', d.attribution]] : []),
    ]),
  ];
  if (d.skipped.length > 0)
    lines.push('', 'Skipped files:', formatTable(d.skipped.map((s) => [`  ${s.path}`, s.reason])));
  return lines.join('\n');
}
