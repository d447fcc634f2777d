import type { DatasetSummary, Result } from '@shared/api';
import type { ImportOptionsInput } from '@shared/datasets/import-options';
import { defineStore } from 'pinia';
import { computed, onScopeDispose, shallowRef } from 'vue';
import { studio } from '@renderer/api';
import { uploadFolder, UploadError, type DroppedFolder } from '@renderer/api/upload-folder';
import { settle } from './request';
import { useDatasetsStore } from './use-datasets-store';
import { useToastsStore } from './use-toasts-store';

/** Where a folder to import comes from: a path on this machine (desktop app) or files to upload (browser). */
export type ImportSource =
  | { readonly kind: 'path'; readonly path: string; readonly name: string }
  | { readonly kind: 'upload'; readonly folder: DroppedFolder };

export type ImportPhase = 'uploading' | 'scanning' | 'decoding' | 'saving';

export interface ImportJob {
  readonly importId: string;
  readonly name: string;
  readonly phase: ImportPhase;
  readonly done: number;
  /** Files found (scanning, decoding) or files to send (uploading); 0 while unknown. */
  readonly total: number;
  readonly skipped: number;
  readonly imagesPerSecond: number;
  readonly etaSeconds: number | null;
  readonly cancelling: boolean;
  /** Built-in sets are drawn in one call and cannot be cancelled. */
  readonly cancellable: boolean;
}

function newJob(importId: string, name: string, phase: ImportPhase, cancellable: boolean): ImportJob {
  return {
    importId,
    name,
    phase,
    done: 0,
    total: 0,
    skipped: 0,
    imagesPerSecond: 0,
    etaSeconds: null,
    cancelling: false,
    cancellable,
  };
}

/**
 * One import at a time, from the drop (or the picker) to the new dataset: the upload in a browser, then
 * the host's import with its `dataset.progress` events. Cancel works in every phase and leaves nothing.
 */
export const useImportStore = defineStore('import', () => {
  const toasts = useToastsStore();
  const datasets = useDatasetsStore();
  const job = shallowRef<ImportJob | null>(null);
  /** A dropped or picked folder waiting for the person to confirm its options. */
  const pending = shallowRef<ImportSource | null>(null);
  /** The dataset the last import made, to highlight its card. */
  const lastImportedId = shallowRef<string | null>(null);
  let uploadAbort: AbortController | null = null;

  const busy = computed(() => job.value !== null);

  function patch(update: Partial<ImportJob>): void {
    if (job.value) job.value = { ...job.value, ...update };
  }

  const stopProgress = studio.on('dataset.progress', (event) => {
    if (event.importId !== job.value?.importId) return;
    patch({
      phase: event.phase,
      done: event.done,
      total: event.found,
      skipped: event.skipped,
      imagesPerSecond: event.imagesPerSecond,
      etaSeconds: event.etaSeconds,
    });
  });
  onScopeDispose(stopProgress);

  /** Asks for options first: the drop or picker only proposes a folder. */
  function propose(source: ImportSource): void {
    if (job.value) {
      toasts.push(
        `"${job.value.name}" is still importing. Wait for it or cancel it, then drop the folder again.`,
      );
      return;
    }
    pending.value = source;
  }

  function dismissProposal(): void {
    pending.value = null;
  }

  async function start(source: ImportSource, options: ImportOptionsInput): Promise<DatasetSummary | null> {
    pending.value = null;
    const importId = crypto.randomUUID();
    const name = options.name ?? (source.kind === 'path' ? source.name : source.folder.name);
    job.value = {
      ...newJob(importId, name, source.kind === 'upload' ? 'uploading' : 'scanning', true),
      total: source.kind === 'upload' ? source.folder.files.length : 0,
    };
    try {
      const result = await runImport(source, { ...options, name }, importId);
      if (!result.ok) {
        // A cancelled import was asked for: a quiet note, not an error.
        toasts.push(result.error.message, result.error.code === 'cancelled' ? 'info' : 'error');
        return null;
      }
      const { dataset, skipped } = result.value;
      const skippedNote = skipped.length > 0 ? `, ${skipped.length} skipped (see the card)` : '';
      toasts.push(`Imported "${dataset.name}": ${dataset.imageCount} images${skippedNote}.`, 'success');
      lastImportedId.value = dataset.id;
      await datasets.load();
      return dataset;
    } finally {
      job.value = null;
      uploadAbort = null;
    }
  }

  async function runImport(
    source: ImportSource,
    options: ImportOptionsInput,
    importId: string,
  ): Promise<Result<{ dataset: DatasetSummary; skipped: unknown[] }>> {
    if (source.kind === 'path') {
      return settle(() => studio.datasets.import({ path: source.path, importId, options }));
    }
    uploadAbort = new AbortController();
    let uploadId: string;
    try {
      ({ uploadId } = await uploadFolder(source.folder.files, source.folder.name, {
        signal: uploadAbort.signal,
        onProgress: (progress) => patch({ done: progress.filesDone, total: progress.filesTotal }),
      }));
    } catch (error) {
      if (uploadAbort.signal.aborted) {
        return { ok: false, error: { code: 'cancelled', message: `Import of "${options.name}" cancelled.` } };
      }
      const message = error instanceof Error ? error.message : String(error);
      const code = error instanceof UploadError ? error.code : 'internal';
      return { ok: false, error: { code, message } };
    }
    patch({ phase: 'scanning', done: 0, total: 0 });
    return settle(() => studio.datasets.importUpload({ uploadId, importId, options }));
  }

  async function cancel(): Promise<void> {
    const current = job.value;
    if (!current?.cancellable || current.cancelling) return;
    patch({ cancelling: true });
    if (current.phase === 'uploading' && uploadAbort) {
      uploadAbort.abort();
      return;
    }
    await settle(() => studio.datasets.cancelImport({ importId: current.importId }));
  }

  async function importBuiltin(name: 'shapes' | 'emoji', resolution: 16 | 32 | 64 | 128 = 32) {
    if (job.value) return toasts.push('Another import is running; wait for it or cancel it first.');
    job.value = newJob(`builtin-${name}`, `${name} (built in)`, 'saving', false);
    try {
      const result = await settle(() => studio.datasets.importBuiltin({ name, resolution }));
      if (!result.ok) return toasts.push(result.error.message);
      toasts.push(`Added "${result.value.name}": ${result.value.imageCount} images.`, 'success');
      lastImportedId.value = result.value.id;
      await datasets.load();
    } finally {
      job.value = null;
    }
  }

  return { job, pending, busy, lastImportedId, propose, dismissProposal, start, cancel, importBuiltin };
});
