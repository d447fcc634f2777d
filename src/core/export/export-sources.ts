import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { RunSummary } from '../../shared/api/dto';
import { StudioError } from '../../shared/api/errors';
import { TrainingConfig } from '../../shared/engine/training-config';
import { getDataset, getRun, getRunRecord, listCheckpoints } from '../store';

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
