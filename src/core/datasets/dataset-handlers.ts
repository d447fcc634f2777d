import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { MethodOutput, ParsedInput } from '../../shared/api/contract';
import type { DatasetSummary } from '../../shared/api/dto';
import { StudioError } from '../../shared/api/errors';
import type { EventBus } from '../api/event-bus';
import { discardFolder } from '../fs/discard-folder';
import { findLiveRuns } from '../runs/live-runs';
import { deleteDataset, getDataset, getDatasetRecord, listDatasets, listRuns } from '../store';
import { importEmoji } from './builtin/emoji';
import { generateShapes } from './builtin/shapes';
import { importFolder, MOSAIC_FILE, THUMBS_DIR, type ImportFolderRun } from './import';
import { readPackedManifest } from './packed-format';
import { registerPackedDataset } from './register-packed';
import type { UploadService } from './uploads';

/** The datasets.* methods: list, inspect, import a folder (with progress and cancel), built-ins, delete. */
export function createDatasetHandlers(
  db: Database,
  dataDir: string,
  events: EventBus,
  uploads: UploadService,
) {
  const running = new Map<string, AbortController>();

  /** One import's cancel handle and progress events, keyed by the caller's import id. */
  async function tracked<T>(importId: string, work: (run: ImportFolderRun) => Promise<T>): Promise<T> {
    if (running.has(importId))
      throw new StudioError('conflict', `An import with id ${importId} is already running.`);
    const controller = new AbortController();
    running.set(importId, controller);
    try {
      return await work({
        signal: controller.signal,
        onProgress: (p) => events.emit('dataset.progress', { importId, ...p }),
      });
    } finally {
      running.delete(importId);
    }
  }

  const announceAdded = (id: string): void =>
    events.emit('library.changed', { kind: 'dataset', id, change: 'added' });

  /** The emoji set, or a freshly generated shapes set, imported like any folder. */
  async function importBuiltinDataset(input: ParsedInput<'datasets.importBuiltin'>): Promise<DatasetSummary> {
    if (input.name === 'emoji') {
      const channels = input.channels === 1 ? 'gray' : 'rgb';
      return (await importEmoji({ db, dataDir }, { size: input.resolution, channels })).dataset;
    }
    const generated = generateShapes(input);
    return registerPackedDataset(db, dataDir, {
      ...generated,
      name: `shapes ${input.resolution}px`,
      sourcePath: null,
      options: {
        builtin: input.name,
        resolution: input.resolution,
        count: input.count,
        channels: input.channels,
      },
    });
  }

  const notFound = (id: string): StudioError =>
    new StudioError('not_found', `There is no dataset with id "${id}". Pick one from the Datasets list.`);

  return {
    'datasets.list'(): DatasetSummary[] {
      return listDatasets(db);
    },

    async 'datasets.get'({ id }: ParsedInput<'datasets.get'>): Promise<MethodOutput<'datasets.get'>> {
      const record = getDatasetRecord(db, id);
      if (!record) throw notFound(id);
      const folder = join(dataDir, 'datasets', id);
      const manifest = existsSync(folder) ? await readPackedManifest(folder).catch(() => null) : null;
      const thumbsDir = join(folder, THUMBS_DIR);
      const thumbs = existsSync(thumbsDir)
        ? readdirSync(thumbsDir)
            .filter((f) => f !== MOSAIC_FILE && f.endsWith('.png'))
            .sort()
        : [];
      const rel = (file: string): string => `datasets/${id}/${THUMBS_DIR}/${file}`;
      const { meanImage: _mean, error: _error, updatedAt: _updated, ...summary } = record;
      return {
        ...summary,
        classCounts: record.classCounts,
        options: record.options,
        skipped: Array.isArray(manifest?.rejects)
          ? (manifest.rejects as MethodOutput<'datasets.get'>['skipped'])
          : [],
        mosaic: existsSync(join(thumbsDir, MOSAIC_FILE)) ? rel(MOSAIC_FILE) : null,
        thumbnails: thumbs.map(rel),
        attribution: typeof manifest?.attribution === 'string' ? manifest.attribution : null,
      };
    },

    'datasets.import'({
      path,
      importId,
      options,
    }: ParsedInput<'datasets.import'>): Promise<MethodOutput<'datasets.import'>> {
      return tracked(importId, async (run) => {
        const { dataset, rejects } = await importFolder({ db, dataDir }, path, options, run);
        announceAdded(dataset.id);
        return { dataset, skipped: rejects.map(({ path: p, kind, reason }) => ({ path: p, kind, reason })) };
      });
    },

    'datasets.importUpload'({
      uploadId,
      importId,
      options,
    }: ParsedInput<'datasets.importUpload'>): Promise<MethodOutput<'datasets.importUpload'>> {
      return tracked(importId, async (run) => {
        // Sealed: no file can still be arriving while the folder is read.
        const upload = await uploads.seal(uploadId);
        try {
          const { dataset, rejects } = await importFolder(
            { db, dataDir },
            upload.folder,
            { ...options, name: options.name ?? upload.name },
            { ...run, source: { path: `${upload.name} (uploaded)`, extra: {} } },
          );
          announceAdded(dataset.id);
          return { dataset, skipped: rejects.map(({ path, kind, reason }) => ({ path, kind, reason })) };
        } finally {
          await uploads.remove(uploadId);
        }
      });
    },

    'datasets.cancelImport'({ importId }: ParsedInput<'datasets.cancelImport'>): boolean {
      const controller = running.get(importId);
      controller?.abort();
      return controller !== undefined;
    },

    async 'datasets.importBuiltin'(input: ParsedInput<'datasets.importBuiltin'>): Promise<DatasetSummary> {
      const dataset = await importBuiltinDataset(input);
      announceAdded(dataset.id);
      return dataset;
    },

    async 'datasets.delete'({
      id,
    }: ParsedInput<'datasets.delete'>): Promise<MethodOutput<'datasets.delete'>> {
      const dataset = getDataset(db, id);
      if (!dataset) throw notFound(id);
      // No import is ever "of" a listed dataset: an import writes the whole folder first and only then
      // inserts the row (and marks it ready in the same synchronous step, register-packed.ts), so there
      // is no import to wait for here. Training is what can still be reading the folder.
      const training = findLiveRuns(db, events, () => listRuns(db, { datasetId: id }))[0];
      if (training) {
        throw new StudioError(
          'conflict',
          `Dataset "${dataset.name}" is in use: run "${training.name}" is ${training.status} on it. Stop that run first, then delete the dataset.`,
        );
      }
      // Row first, then folder: a crash in between leaves a folder no row points at (disk space, never
      // an error), whereas a row without its folder would list a dataset that cannot be opened or
      // trained on. Runs trained on it keep their records (the foreign key sets their dataset to null).
      deleteDataset(db, id);
      events.emit('library.changed', { kind: 'dataset', id, change: 'deleted' });
      await discardFolder(join(dataDir, 'datasets', id));
      return { id };
    },
  };
}
