import { writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { MethodOutput, ParsedInput } from '../../shared/api/contract';
import { StudioError } from '../../shared/api/errors';
import { isMediaPath } from '../../shared/api/media';
import type { EventBus } from '../api/event-bus';
import type { SpawnTrainer } from '../runs/trainer-handle';
import { getRun, insertExport } from '../store';
import { getExport } from '../store/artifacts-repo';
import { EXPORT_CANCELLED, EXPORT_FILES, MODEL_EXPORT_UNITS, type ExportJob } from './export-job';
import {
  listGenerators,
  requireCheckpointSource,
  requireExportRun,
  requireGeneratorSource,
  type CheckpointSource,
} from './export-sources';
import {
  generatorMetadata,
  generatorSampleMetadata,
  imageExportMetadata,
  type ExportSource,
} from './export-metadata';
import { runExportProcess, type ExportOutcome } from './export-process';
import { prepareExportFile, prepareExportFolder, type ExportTarget } from './export-target';
import type { WrittenFile } from './image-export';
import { planImageExport, type ImageExportOptions } from './image-export-plan';
import { writeMetricsCsv } from './metrics-csv';

type ExportResult = MethodOutput<'exports.images'>;

export interface ExportService {
  readonly handlers: {
    'exports.images'(input: ParsedInput<'exports.images'>): Promise<ExportResult>;
    'exports.model'(input: ParsedInput<'exports.model'>): Promise<ExportResult>;
    'exports.metrics'(input: ParsedInput<'exports.metrics'>): Promise<ExportResult>;
    'exports.cancel'(input: ParsedInput<'exports.cancel'>): boolean;
    'generators.list'(): MethodOutput<'generators.list'>;
    'generators.sample'(input: ParsedInput<'generators.sample'>): Promise<ExportResult>;
  };
  /** Cancels every export under way and waits until each has cleaned up. */
  shutdown(): Promise<void>;
}

export interface ExportServiceOptions {
  readonly db: Database;
  readonly dataDir: string;
  readonly events: EventBus;
  /** How this host starts the process exports of images and models run in; null: it cannot. */
  readonly spawnProcess: SpawnTrainer | null;
}

/** An export id becomes a folder name: letters, digits, `.`, `_` and `-`, not starting with a dot. */
const EXPORT_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;
/** `export.progress` at most this often, and once at the end. */
const PROGRESS_INTERVAL_MS = 250;

/**
 * The exports.* methods: images and models from a run's checkpoint (computed in an export process),
 * metrics as CSV (streamed from the store here); and generators.*: the exported generators, and images
 * sampled from one without its run (loaded from its files in an export process). Each export has a
 * caller-chosen id that names its progress events, lets it be cancelled, becomes its folder under
 * `exports/` when no folder is given, and its row in the store's `exports` table.
 */
export function createExportService(options: ExportServiceOptions): ExportService {
  const { db, dataDir, events } = options;
  const running = new Map<
    string,
    { readonly controller: AbortController; readonly done: Promise<unknown> }
  >();

  interface Work {
    readonly signal: AbortSignal;
    progress(done: number, total: number): void;
  }

  /** One export's id checks, cancel handle and throttled progress events. */
  function tracked(exportId: string, work: (w: Work) => Promise<ExportResult>): Promise<ExportResult> {
    if (!EXPORT_ID.test(exportId)) {
      throw new StudioError(
        'invalid_input',
        `"${exportId}" cannot name an export: use letters, digits, ".", "_" and "-" (not starting with ".").`,
      );
    }
    if (running.has(exportId))
      throw new StudioError('conflict', `An export with id ${exportId} is already running.`);
    if (getExport(db, exportId)) {
      throw new StudioError('conflict', `There is already an export with id ${exportId}; choose another id.`);
    }
    const controller = new AbortController();
    let lastEmit = 0;
    const progress = (done: number, total: number): void => {
      const now = Date.now();
      if (done < total && now - lastEmit < PROGRESS_INTERVAL_MS) return;
      lastEmit = now;
      events.emit('export.progress', { exportId, done, total });
    };
    const done = work({ signal: controller.signal, progress }).finally(() => running.delete(exportId));
    running.set(exportId, { controller, done: done.catch(() => undefined) });
    return done;
  }

  const requireSpawner = (): SpawnTrainer => {
    if (options.spawnProcess) return options.spawnProcess;
    throw new StudioError(
      'unavailable',
      'This studio host cannot run exports of images or models. Use the desktop app, `gan-studio serve` or `gan-studio export`.',
    );
  };

  /** Relative to the data directory (with `/`) when inside it, else null. */
  const insideDataDir = (path: string): string | null => {
    const rel = relative(dataDir, path);
    return rel.startsWith('..') || isAbsolute(rel) ? null : rel.split(sep).join('/');
  };
  /** The file's path relative to the data directory when the hosts may serve it as media. */
  const mediaPathOf = (path: string): string | null => {
    const rel = insideDataDir(path);
    return rel !== null && isMediaPath(rel) ? rel : null;
  };

  /** Writes into the target's temporary place, publishes it, records it; discards it on any failure. */
  async function publish(
    exportId: string,
    target: ExportTarget,
    record: { readonly runId: string | null; readonly kind: string; readonly signal: AbortSignal },
    write: () => Promise<{ files: readonly WrittenFile[]; details: unknown }>,
  ): Promise<ExportResult> {
    let written: Awaited<ReturnType<typeof write>>;
    try {
      written = await write();
      if (record.signal.aborted) throw new StudioError('cancelled', EXPORT_CANCELLED);
      await target.commit();
    } catch (error) {
      await target.discard();
      throw error;
    }
    insertExport(db, {
      id: exportId,
      runId: record.runId,
      kind: record.kind,
      // Like every path in the store: relative to the data directory when inside it.
      path: insideDataDir(target.dir) ?? target.dir,
      details: written.details,
    });
    return {
      exportId,
      dir: target.dir,
      files: written.files.map(({ kind, name }) => {
        const path = join(target.dir, name);
        return { kind, path, mediaPath: mediaPathOf(path) };
      }),
    };
  }

  /** An export process's work, worked out (and checked) before any folder or process exists. */
  interface ProcessPlan {
    /** The run the store records it under (null: none, or one no longer in the store), and its kind. */
    readonly runId: string | null;
    readonly kind: string;
    job(outDir: string): ExportJob;
    readonly total: number;
    readonly metadataFile: string;
    metadata(outcome: ExportOutcome, temp: string): unknown;
  }

  /** An export computed by an export process, with its JSON written beside the files. */
  function viaProcess(
    exportId: string,
    outDir: string | undefined,
    prepare: () => ProcessPlan,
  ): Promise<ExportResult> {
    return tracked(exportId, async (work) => {
      const plan = prepare();
      const spawn = requireSpawner();
      const target = await prepareExportFolder(dataDir, exportId, outDir);
      const record = { runId: plan.runId, kind: plan.kind, signal: work.signal };
      return publish(exportId, target, record, async () => {
        work.progress(0, plan.total);
        const outcome = await runExportProcess(spawn, plan.job(target.temp), {
          signal: work.signal,
          onProgress: work.progress,
        });
        const metadata = plan.metadata(outcome, target.temp);
        await writeJson(join(target.temp, plan.metadataFile), metadata);
        return {
          files: [...outcome.files, { kind: 'metadata', name: plan.metadataFile }],
          details: metadata,
        };
      });
    });
  }

  /**
   * An export from a checkpoint. `prepare` checks the request against the run and says what the
   * process does and what the JSON holds.
   */
  function fromCheckpoint(
    input: {
      readonly runId: string;
      readonly exportId: string;
      readonly checkpoint: number | 'latest';
      readonly outDir?: string | undefined;
    },
    prepare: (source: CheckpointSource) => {
      readonly job:
        { readonly kind: 'images'; readonly options: ImageExportOptions } | { readonly kind: 'model' };
      readonly total: number;
      readonly metadataFile: string;
      metadata(outcome: ExportOutcome, from: ExportSource, temp: string): unknown;
    },
  ): Promise<ExportResult> {
    const { runId, exportId } = input;
    return viaProcess(exportId, input.outDir, () => {
      const source = requireCheckpointSource(db, dataDir, runId, input.checkpoint);
      const plan = prepare(source);
      const { config, configHash, folder: checkpointFolder } = source;
      return {
        runId,
        kind: plan.job.kind,
        total: plan.total,
        metadataFile: plan.metadataFile,
        job: (outDir) => ({ config, configHash, checkpointFolder, ...plan.job, outDir }),
        metadata: (outcome, temp) => plan.metadata(outcome, sourceOf(exportId, source, outcome), temp),
      };
    });
  }

  const sourceOf = (exportId: string, c: CheckpointSource, outcome: ExportOutcome): ExportSource => ({
    exportId,
    runId: c.run.id,
    runName: c.run.name,
    checkpointStep: c.step,
    configHash: c.configHash,
    classNames: c.classNames,
    backend: outcome.backend,
    averaged: outcome.averaged,
    createdAt: new Date(),
  });

  const writeJson = (path: string, value: unknown): Promise<void> =>
    writeFile(path, `${JSON.stringify(value, null, 2)}\n`);

  return {
    handlers: {
      'exports.images'({ runId, exportId, checkpoint, outDir, ...options }) {
        return fromCheckpoint({ runId, exportId, checkpoint, outDir }, (source) => {
          const plan = planImageExport(source.config.architecture, options);
          return {
            job: { kind: 'images', options },
            total: plan.total,
            metadataFile: EXPORT_FILES.metadata,
            metadata: (outcome, from) =>
              imageExportMetadata(
                from,
                plan,
                outcome.files.map((f) => f.name),
              ),
          };
        });
      },

      'exports.model'(input) {
        return fromCheckpoint(input, (source) => ({
          job: { kind: 'model' },
          total: MODEL_EXPORT_UNITS,
          metadataFile: EXPORT_FILES.generator,
          metadata: (_, from, temp) => generatorMetadata(from, source.config.architecture, temp),
        }));
      },

      'exports.metrics'({ runIds, exportId, outDir, outFile }) {
        return tracked(exportId, async (work) => {
          if (outDir !== undefined && outFile !== undefined) {
            throw new StudioError(
              'invalid_input',
              'Give a folder (outDir) or a file (outFile) for the CSV, not both.',
            );
          }
          const runs = [...new Set(runIds)].map((id) => requireExportRun(db, id));
          let target: ExportTarget;
          let name: string;
          let writePath: string;
          if (outFile === undefined) {
            target = await prepareExportFolder(dataDir, exportId, outDir);
            name = EXPORT_FILES.metrics;
            writePath = join(target.temp, name);
          } else {
            const file = await prepareExportFile(outFile);
            [target, name, writePath] = [file, file.name, file.temp];
          }
          const runId = runs.length === 1 ? runs[0]!.id : null;
          return publish(exportId, target, { runId, kind: 'metrics-csv', signal: work.signal }, async () => {
            const points = await writeMetricsCsv(db, runs, writePath, {
              signal: work.signal,
              onProgress: work.progress,
            });
            work.progress(points, points);
            const details = { runIds: runs.map((r) => r.id), points, createdAt: new Date().toISOString() };
            return { files: [{ kind: 'csv', name }], details };
          });
        });
      },

      'generators.list'() {
        return listGenerators(db, dataDir);
      },

      'generators.sample'({ exportId, source, outDir, ...chosen }) {
        return viaProcess(exportId, outDir, () => {
          const { dir, exportId: fromExport, generator: g } = requireGeneratorSource(db, dataDir, source);
          // What exports.images of the run would do with these options: so the same bytes for a seed.
          const options: ImageExportOptions = { ...chosen, interpolation: 0, gif: false };
          const spec = { latentSize: g.latentSize, numClasses: g.numClasses, data: g.data };
          const plan = planImageExport(spec, options, 'generator');
          return {
            runId: getRun(db, g.runId) ? g.runId : null,
            kind: 'generator-images',
            total: plan.total,
            metadataFile: EXPORT_FILES.metadata,
            job: (temp) => ({
              kind: 'sample',
              modelDir: dir,
              spec,
              averaged: g.averaged,
              preferBackend: g.backend,
              options,
              outDir: temp,
            }),
            metadata: (outcome) =>
              generatorSampleMetadata(
                {
                  exportId,
                  runId: g.runId,
                  runName: g.runName,
                  checkpointStep: g.step,
                  configHash: g.configHash,
                  classNames: g.classNames,
                  backend: outcome.backend,
                  averaged: g.averaged,
                  createdAt: new Date(),
                },
                plan,
                outcome.files.map((f) => f.name),
                { dir, exportId: fromExport, contents: g.raw },
              ),
          };
        });
      },

      'exports.cancel'({ exportId }) {
        const active = running.get(exportId);
        active?.controller.abort();
        return active !== undefined;
      },
    },

    async shutdown() {
      const all = [...running.values()];
      for (const { controller } of all) controller.abort();
      await Promise.all(all.map((r) => r.done));
    },
  };
}
