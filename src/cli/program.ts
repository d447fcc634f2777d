import { Command } from 'commander';
import { APP_VERSION } from '../core/app-version';
import { registerDatasetCommand } from './commands/dataset';
import { registerDatasetsCommand } from './commands/datasets';
import { registerExportCommand } from './commands/export';
import { registerExportModelCommand } from './commands/export-model';
import { registerImportCommand } from './commands/import';
import { registerInfoCommand } from './commands/info';
import { registerMetricsCommand } from './commands/metrics';
import { registerRunsCommand } from './commands/runs';
import { registerResumeCommand } from './commands/resume';
import { registerSampleCommand } from './commands/sample';
import { registerServeCommand } from './commands/serve';
import { registerTrainCommand } from './commands/train';

/**
 * `gan-studio` — the command-line host. Each command lives in commands/ and registers itself. Every
 * command has `--help` and `--json`.
 */
export function createProgram(): Command {
  const program = new Command('gan-studio')
    .description('GAN Studio: train generative adversarial networks on your own images, on your own machine.')
    .version(APP_VERSION, '-v, --version')
    .showHelpAfterError('(run with --help for usage)')
    // An option belongs to the command it follows: `dataset delete <id> --json` is delete's --json, not
    // that of `dataset` (which has its own). Commander needs this on the program for nested commands.
    .enablePositionalOptions()
    .addHelpText(
      'after',
      '\nData lives in $GAN_STUDIO_HOME when set, else the platform app-data folder (see `gan-studio info`).',
    );
  registerInfoCommand(program);
  registerServeCommand(program);
  registerDatasetsCommand(program);
  registerDatasetCommand(program);
  registerImportCommand(program);
  registerRunsCommand(program);
  registerTrainCommand(program);
  registerResumeCommand(program);
  registerExportCommand(program);
  registerExportModelCommand(program);
  registerSampleCommand(program);
  registerMetricsCommand(program);
  return program;
}
