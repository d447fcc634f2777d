import type { Command } from 'commander';
import type { RunSummary } from '../../shared/api/dto';
import { withStudio } from '../open-studio';
import { formatTable, report, type OutputOptions } from '../output';

export function registerRunsCommand(program: Command): void {
  const runs = program.command('runs').description('list and inspect training runs');
  runs
    .command('list', { isDefault: true })
    .description('list the runs in the store, newest first')
    .option('--json', 'print one JSON document instead of text')
    .action(async (options: OutputOptions) => {
      report(await withStudio((api) => api.runs.list()), options, formatRuns);
    });
  runs
    .command('show')
    .description('show one run')
    .argument('<id>', 'the run id, as `gan-studio runs list` prints it')
    .option('--json', 'print one JSON document instead of text')
    .action(async (id: string, options: OutputOptions) => {
      report(await withStudio((api) => api.runs.get({ id })), options, formatRun);
    });
  runs
    .command('delete')
    .description('delete a run: its metrics, samples, checkpoints and folder (stop it first)')
    .argument('<id>', 'the run id, as `gan-studio runs list` prints it')
    .option('--json', 'print one JSON document instead of text')
    .action(async (id: string, options: OutputOptions) => {
      report(
        await withStudio((api) => api.runs.delete({ id })),
        options,
        (deleted) => `Deleted run ${deleted.id} with its metrics, samples and checkpoints.`,
      );
    });
}

function formatRuns(runs: readonly RunSummary[]): string {
  if (runs.length === 0) return 'No runs yet. Train a GAN on a dataset to see it here.';
  return formatTable([
    ['ID', 'NAME', 'STATUS', 'DATASET', 'RECIPE', 'STEP', 'CREATED'],
    ...runs.map((r) => [
      r.id,
      r.name,
      r.status,
      r.datasetName ?? '—',
      r.recipe,
      `${r.step}/${r.totalSteps}`,
      r.createdAt,
    ]),
  ]);
}

function formatRun(run: RunSummary): string {
  return formatTable([
    ['Run', `${run.name} (${run.id})`],
    ['Status', run.failureReason ? `${run.status}: ${run.failureReason}` : run.status],
    ['Dataset', run.datasetName ?? '—'],
    ['Recipe', run.recipe],
    ['Backend', run.backend ?? '—'],
    ['Step', `${run.step} of ${run.totalSteps}`],
    ['Created', run.createdAt],
    ['Started', run.startedAt ?? '—'],
    ['Ended', run.endedAt ?? '—'],
  ]);
}
