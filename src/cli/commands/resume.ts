import type { Command } from 'commander';
import { createInProcessClient } from '../../core/api/in-process-client';
import { openStudio } from '../open-studio';
import type { OutputOptions } from '../output';
import { followRun, reportRunResult } from '../run-monitor';
import { fail } from './train';

export function registerResumeCommand(program: Command): void {
  program
    .command('resume')
    .description('continue a stopped, interrupted or failed run from its last checkpoint')
    .argument('<run>', 'the run id, as `gan-studio runs` prints it')
    .option('--json', 'one JSON object per line: progress, samples and a final result')
    .action(async (runId: string, options: OutputOptions) => {
      const studio = openStudio('cli', { train: true });
      const api = createInProcessClient(studio);
      try {
        const resumed = await api.runs.resume({ id: runId });
        if (!resumed.ok) throw new Error(resumed.error.message);
        if (!options.json) process.stderr.write(`Resuming run ${runId} from step ${resumed.value.step}.\n`);
        reportRunResult(await followRun(studio, api, resumed.value, options), options);
      } catch (error) {
        fail(error, options);
      } finally {
        studio.close();
      }
    });
}
