import type { Command } from 'commander';
import type { SystemInfo } from '../../shared/api/dto';
import { withStudio } from '../open-studio';
import { formatBytes, formatTable, report, type OutputOptions } from '../output';

const STATUS_MARK = { active: '●', available: '○', unavailable: '✗' } as const;

export function registerInfoCommand(program: Command): void {
  program
    .command('info')
    .description('show versions, the data directory and which compute backends load on this machine')
    .option('--json', 'print one JSON document instead of text')
    .action(async (options: OutputOptions) => {
      const result = await withStudio((api) => api.system.info());
      report(result, options, formatInfo);
    });
}

function formatInfo(info: SystemInfo): string {
  const lines = [
    `GAN Studio ${info.appVersion}`,
    formatTable([
      ['Data directory', info.dataDir],
      ['Store', `${info.storePath} (schema v${info.schemaVersion})`],
      [
        'Machine',
        `${info.platform} ${info.arch}, ${info.cpuCount} CPU cores, ${formatBytes(info.totalMemoryBytes)} memory`,
      ],
      [
        'Versions',
        Object.entries(info.versions)
          .map(([k, v]) => `${k} ${v}`)
          .join(', '),
      ],
    ]),
    '',
    info.activeBackend
      ? `Compute backends (best first; training uses ${info.activeBackend}):`
      : 'Compute backends: none loads, so training is not possible here. See the reasons below.',
    formatTable(info.backends.map((b) => [`  ${STATUS_MARK[b.status]} ${b.name}`, b.status, b.detail])),
  ];
  return lines.join('\n');
}
