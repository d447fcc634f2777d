import type { MethodInput, MethodOutput } from '@shared/api';
import { defineStore } from 'pinia';
import { onScopeDispose, shallowRef } from 'vue';
import { studio } from '@renderer/api';
import { settle } from './request';
import { useToastsStore } from './use-toasts-store';

export type ExportResult = MethodOutput<'exports.images'>;
type ImagesInput = Omit<MethodInput<'exports.images'>, 'exportId'>;

export interface ExportJob {
  readonly exportId: string;
  readonly title: string;
  readonly done: number;
  readonly total: number;
  readonly cancelling: boolean;
}

/**
 * Exports started from the UI — images, the generator model, metrics CSV — one at a time, with the
 * host's `export.progress` events and cancel. The last result stays so the dialog can show its files.
 */
export const useExportStore = defineStore('export', () => {
  const toasts = useToastsStore();
  const job = shallowRef<ExportJob | null>(null);
  const result = shallowRef<ExportResult | null>(null);

  const stop = studio.on('export.progress', (event) => {
    if (job.value && event.exportId === job.value.exportId) {
      job.value = { ...job.value, done: event.done, total: event.total };
    }
  });
  onScopeDispose(stop);

  async function run(
    title: string,
    call: (exportId: string) => ReturnType<typeof studio.exports.images>,
  ): Promise<ExportResult | null> {
    if (job.value) {
      toasts.push('An export is running; wait for it or cancel it first.');
      return null;
    }
    const exportId = `exp-${crypto.randomUUID()}`;
    job.value = { exportId, title, done: 0, total: 0, cancelling: false };
    result.value = null;
    try {
      const answer = await settle(() => call(exportId));
      if (!answer.ok) {
        toasts.push(answer.error.message, answer.error.code === 'cancelled' ? 'info' : 'error');
        return null;
      }
      result.value = answer.value;
      toasts.push(`${title}: ${answer.value.files.length} files written to ${answer.value.dir}.`, 'success');
      return answer.value;
    } finally {
      job.value = null;
    }
  }

  const images = (runId: string, options: Omit<ImagesInput, 'runId'>) =>
    run('Images exported', (exportId) => studio.exports.images({ ...options, runId, exportId }));
  const model = (runId: string, checkpoint: number | 'latest', outDir?: string) =>
    run('Generator exported', (exportId) =>
      studio.exports.model({ runId, exportId, checkpoint, ...(outDir ? { outDir } : {}) }),
    );
  const metrics = (runIds: string[], outDir?: string) =>
    run('Metrics exported', (exportId) =>
      studio.exports.metrics({ runIds, exportId, ...(outDir ? { outDir } : {}) }),
    );

  const sample = (source: { dir: string } | { exportId: string }, count: number, seed: number) =>
    run('Sampled from the generator', (exportId) =>
      studio.generators.sample({ exportId, source, count, seed, grid: true }),
    );

  async function cancel(): Promise<void> {
    const current = job.value;
    if (!current || current.cancelling) return;
    job.value = { ...current, cancelling: true };
    await settle(() => studio.exports.cancel({ exportId: current.exportId }));
  }

  function clear(): void {
    result.value = null;
  }

  return { job, result, images, model, metrics, sample, cancel, clear };
});
