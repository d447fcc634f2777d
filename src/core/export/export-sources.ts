import { existsSync, statSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { MethodOutput } from '../../shared/api/contract';
import type { RunSummary } from '../../shared/api/dto';
import { StudioError } from '../../shared/api/errors';
import { TrainingConfig } from '../../shared/engine/training-config';
import {
  getDataset,
  getRun,
  getRunRecord,
  listCheckpoints,
  listExportsOfKind,
  type ExportRecord,
} from '../store';
import { getExport } from '../store/artifacts-repo';
import { absolute } from './export-target';
import { readGeneratorFolder, readGeneratorJson, type GeneratorFacts } from './generator-folder';

/** What an export from a checkpoint starts from: the run, its stored config, the checkpoint's folder. */
export interface CheckpointSource {
  readonly run: RunSummary;
  readonly config: TrainingConfig;
  readonly configHash: string;
  readonly step: number;
  /** Absolute. */
  readonly folder: string;
  /** The class names of the run's dataset (none for unconditional runs and built-in 2-D sets). */
  readonly classNames: readonly string[];
}

export function requireExportRun(db: Database, id: string): RunSummary {
  const run = getRun(db, id);
  if (!run) {
    throw new StudioError('not_found', `There is no run with id "${id}"; pick one from the Runs list.`);
  }
  return run;
}

/** The run's stored config, parsed, and the checkpoint asked for, which must be on disk. */
export function requireCheckpointSource(
  db: Database,
  dataDir: string,
  runId: string,
  checkpoint: number | 'latest',
): CheckpointSource {
  const run = requireExportRun(db, runId);
  const record = getRunRecord(db, runId)!;
  const parsed = TrainingConfig.safeParse(record.config);
  if (!parsed.success) {
    throw new StudioError(
      'invalid_input',
      `Run "${run.name}" has a configuration this version cannot read, so it cannot be exported.`,
    );
  }
  const checkpoints = listCheckpoints(db, runId);
  const found = checkpoint === 'latest' ? checkpoints.at(-1) : checkpoints.find((c) => c.step === checkpoint);
  if (!found) {
    const steps = checkpoints.map((c) => c.step);
    throw new StudioError(
      'not_found',
      steps.length === 0
        ? `Run "${run.name}" has no checkpoint yet; it writes one every ${parsed.data.checkpointEvery} steps and when it stops.`
        : `Run "${run.name}" has no checkpoint at step ${checkpoint}; ${
            steps.length > 12
              ? `it has ${steps.length}, the latest at step ${steps.at(-1)}`
              : `its checkpoints are at steps ${steps.join(', ')}`
          }.`,
    );
  }
  const folder = join(dataDir, found.path);
  if (!existsSync(folder)) {
    throw new StudioError(
      'not_found',
      `The checkpoint at step ${found.step} of run "${run.name}" is missing from ${folder}.`,
    );
  }
  const dataset = parsed.data.dataset.kind === 'packed' ? getDataset(db, parsed.data.dataset.id) : undefined;
  return {
    run,
    config: parsed.data,
    configHash: record.configHash,
    step: found.step,
    folder,
    classNames: dataset?.classNames ?? [],
  };
}

/** An exported generator to sample from: its folder, checked, and the model export that wrote it. */
export interface GeneratorSource {
  /** Absolute. */
  readonly dir: string;
  /** The id of the model export it is, when it was named by one. */
  readonly exportId: string | null;
  readonly generator: GeneratorFacts;
}

const folderOf = (dataDir: string, record: ExportRecord): string =>
  isAbsolute(record.path) ? record.path : join(dataDir, record.path);

/**
 * The generator a generators.sample names: a folder on this machine, or a model export in the store
 * whose folder is still there. Its files are checked (invalid_input with what is wrong) before any
 * process loads them.
 */
export function requireGeneratorSource(
  db: Database,
  dataDir: string,
  source: { readonly dir: string } | { readonly exportId: string },
): GeneratorSource {
  let dir: string;
  let exportId: string | null = null;
  if ('exportId' in source) {
    exportId = source.exportId;
    const record = getExport(db, exportId);
    if (record?.kind !== 'model') {
      throw new StudioError(
        'not_found',
        `There is no exported generator with id "${exportId}"; generators.list names those in the data directory.`,
      );
    }
    dir = folderOf(dataDir, record);
    if (!existsSync(dir)) {
      throw new StudioError('not_found', `The generator exported as "${exportId}" is no longer in ${dir}.`);
    }
  } else {
    dir = absolute(source.dir, 'generator folder');
    const info = statSync(dir, { throwIfNoEntry: false });
    if (!info) throw new StudioError('not_found', `There is no folder ${dir}.`);
    if (!info.isDirectory()) {
      throw new StudioError(
        'invalid_input',
        `${dir} is a file; choose the folder an exported generator was written to.`,
      );
    }
  }
  return { dir, exportId, generator: readGeneratorFolder(dir) };
}

/** The generators exported into the data directory whose folder and generator.json are still there. */
export function listGenerators(db: Database, dataDir: string): MethodOutput<'generators.list'> {
  return listExportsOfKind(db, 'model').flatMap((record) => {
    const dir = folderOf(dataDir, record);
    let generator: GeneratorFacts;
    try {
      generator = readGeneratorJson(dir);
    } catch {
      return []; // moved, deleted or edited since: not a generator to offer
    }
    const { data } = generator;
    return [
      {
        exportId: record.id,
        dir,
        runId: generator.runId,
        runName: generator.runName,
        step: generator.step,
        createdAt: record.createdAt,
        latentSize: generator.latentSize,
        resolution: data.kind === 'image' ? { height: data.height, width: data.width } : null,
        channels: data.kind === 'image' ? data.channels : null,
        numClasses: generator.numClasses,
      },
    ];
  });
}
