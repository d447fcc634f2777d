import { resolve } from 'node:path';
import type { Command } from 'commander';
import { resolveRunId, runCliExport } from '../export-runner';
import type { OutputOptions } from '../output';

interface MetricsOptions extends OutputOptions {
  readonly out: string;
}

export function registerMetricsCommand(program: Command): void {
  program
    .command('metrics')
    .description('write every metric of one or more runs to a CSV file')
    .argument('<run...>', 'run ids (or names), as `gan-studio runs` prints them')
    .requiredOption(
      '--out <file.csv>',
      'a new file (never overwritten): run_id,run_name,metric,step,value,wall_time',
    )
    .option('--json', 'print one JSON document: the file written')
    .action(async (runs: string[], options: MetricsOptions) => {
      await runCliExport(
        { ...options, process: false },
        async (api, exportId) => {
          const runIds: string[] = [];
          for (const run of runs) {
            const id = await resolveRunId(api, run);
            if (!id.ok) return id;
            runIds.push(id.value);
          }
          return api.exports.metrics({ runIds, exportId, outFile: resolve(options.out) });
        },
        (result) =>
          `Wrote the metrics of ${runs.length} run${runs.length === 1 ? '' : 's'} to ${result.files[0]?.path}`,
      );
    });
}
