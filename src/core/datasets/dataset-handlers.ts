import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { MethodOutput, ParsedInput } from '../../shared/api/contract';
import type { DatasetSummary } from '../../shared/api/dto';
import { StudioError } from '../../shared/api/errors';
import type { EventBus } from '../api/event-bus';
import { getDatasetRecord, listDatasets } from '../store';
import { importEmoji } from './builtin/emoji';
import { generateShapes } from './builtin/shapes';
import { importFolder, MOSAIC_FILE, THUMBS_DIR, type ImportFolderRun } from './import';
import { readPackedManifest } from './packed-format';
import { registerPackedDataset } from './register-packed';
import type { UploadService } from './uploads';

/** The datasets.* methods: list, inspect, import a folder (with progress and cancel), built-ins. */
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

  return {
    'datasets.list'(): DatasetSummary[] {
      return listDatasets(db);
    },

    async 'datasets.get'({ id }: ParsedInput<'datasets.get'>): Promise<MethodOutput<'datasets.get'>> {
      const record = getDatasetRecord(db, id);
      if (!record)
        throw new StudioError(
          'not_found',
          `There is no dataset with id "${id}". Pick one from the Datasets list.`,
        );
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
    },
  };
}
