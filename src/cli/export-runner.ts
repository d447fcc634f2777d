import { randomUUID } from 'node:crypto';
import type { StudioApi } from '../shared/api/client';
import type { MethodOutput } from '../shared/api/contract';
import type { Result } from '../shared/api/errors';
import { createInProcessClient } from '../core/api/in-process-client';
import { openStudio } from './open-studio';
import { report, type OutputOptions } from './output';
import { formatDuration, ProgressBar } from './progress-bar';

export type ExportResult = MethodOutput<'exports.images'>;

/**
 * One export from the command line: the studio opened (able to start export processes when `process`
 * is set), a progress bar on stderr (none with --json), Ctrl-C to cancel (nothing is left behind), and
 * the result printed as text or as one JSON document.
 */
export async function runCliExport(
  options: OutputOptions & { readonly process: boolean },
  start: (api: StudioApi, exportId: string) => Promise<Result<ExportResult>>,
  describe: (result: ExportResult) => string,
): Promise<void> {
  const studio = openStudio('cli', { train: options.process });
  const api = createInProcessClient(studio);
  const exportId = `cli-${randomUUID()}`;
  const bar = new ProgressBar();
  const startedAt = Date.now();
  const stop = api.on('export.progress', (p) => {
    if (p.exportId !== exportId || options.json) return;
    const elapsed = (Date.now() - startedAt) / 1000;
    const eta = p.done > 0 ? (elapsed * (p.total - p.done)) / p.done : Number.NaN;
    bar.update({ done: p.done, total: p.total, fields: [`ETA ${formatDuration(eta)}`] });
  });
  const onInterrupt = (): void => void api.exports.cancel({ exportId });
  process.once('SIGINT', onInterrupt);
  try {
    const result = await start(api, exportId);
    bar.finish();
    report(result, options, describe);
  } finally {
    process.off('SIGINT', onInterrupt);
    stop();
    bar.finish();
    studio.close();
  }
}

/** A run by id, or by its name when exactly one run has it. */
export async function resolveRunId(api: StudioApi, ref: string): Promise<Result<string>> {
  const runs = await api.runs.list();
  if (!runs.ok) return runs;
  if (runs.value.some((r) => r.id === ref)) return { ok: true, value: ref };
  const named = runs.value.filter((r) => r.name === ref);
  if (named.length === 1) return { ok: true, value: named[0]!.id };
  const message =
    named.length > 1
      ? `${named.length} runs are named "${ref}" (${named.map((r) => r.id).join(', ')}); give the id.`
      : `There is no run "${ref}"; \`gan-studio runs\` lists them.`;
  return { ok: false, error: { code: named.length > 1 ? 'invalid_input' : 'not_found', message } };
}

/** "64 images, grid.png, …": what an export wrote, briefly. */
export function describeFiles(result: ExportResult): string {
  const images = result.files.filter((f) => f.kind === 'image').length;
  const others = result.files
    .filter((f) => f.kind !== 'image')
    .map((f) => f.path.slice(result.dir.length + 1));
  return [...(images > 0 ? [`${images} image${images === 1 ? '' : 's'}`] : []), ...others].join(', ');
}
