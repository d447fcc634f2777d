import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { EventPayload } from '../../shared/api/contract';
import type { RunSummary } from '../../shared/api/dto';
import type { TrainingConfig } from '../../shared/engine/training-config';
import type { ImageDataset } from '../engine/data';
import { writeCheckpoint } from '../engine/io/checkpoint-files';
import { createTinyGan, tinyImageConfig, trainDeps, type TinyGan } from '../engine/test-support';
import { train } from '../engine/train';
import { captureTrainingState } from '../engine/training-state';
import {
  createTrainingStudio,
  tinyRing8Config,
  unwrap,
  waitForStatus,
  type TrainingStudio,
} from '../runs/test-support';
import { openStore } from '../store';

// Test-only: a tiny GAN trained a few steps in this process (the cpu backend the test picked), with its
// checkpoint written as the trainer writes one, for the export code that runs in the export process;
// and a studio with trained runs, for exports through the API.

export interface TrainedCheckpoint {
  readonly gan: TinyGan;
  readonly config: TrainingConfig;
  readonly configHash: string;
  /** The checkpoint's folder. */
  readonly folder: string;
  /** A fresh empty folder to export into. */
  readonly outDir: string;
  cleanup(): void;
}

export async function trainedCheckpoint(
  config: TrainingConfig,
  dataset: ImageDataset | null,
): Promise<TrainedCheckpoint> {
  const root = mkdtempSync(join(tmpdir(), 'gan-studio-export-'));
  const gan = createTinyGan(config, dataset);
  await train(config, trainDeps(gan));
  const configHash = 'test-config';
  const { folder } = writeCheckpoint(
    join(root, 'run'),
    await captureTrainingState(config.steps, gan),
    configHash,
  );
  const outDir = join(root, 'out');
  return {
    gan,
    config,
    configHash,
    folder,
    outDir,
    cleanup() {
      gan.dispose();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * Two finished runs trained by real trainer processes, for exports through the API: a conditional
 * DCGAN on 16-px grayscale `shapes` (3 classes) named with a comma and quotes (CSV quoting), and ring8.
 */
export async function trainExportableRuns(
  lab: TrainingStudio,
): Promise<{ readonly imageRun: RunSummary; readonly pointsRun: RunSummary }> {
  const dataset = unwrap(
    await lab.client.datasets.importBuiltin({ name: 'shapes', resolution: 16, count: 24, channels: 1 }),
  );
  const image: TrainingConfig = {
    ...tinyImageConfig({ classes: 3, steps: 3 }),
    dataset: { kind: 'packed', id: dataset.id, name: dataset.name },
    backend: 'cpu',
  };
  const started = await Promise.all([
    lab.client.runs.start({ name: 'shapes, "conditional"', config: image }),
    lab.client.runs.start({ name: 'ring', config: tinyRing8Config({ steps: 4, checkpointEvery: 4 }) }),
  ]);
  const [imageRun, pointsRun] = await Promise.all(
    started.map((result) => waitForStatus(lab, unwrap(result).id, 'completed', 'failed', 'stopped')),
  );
  if (imageRun?.status !== 'completed' || pointsRun?.status !== 'completed') {
    throw new Error(`the runs to export from did not complete: ${JSON.stringify([imageRun, pointsRun])}`);
  }
  return { imageRun, pointsRun };
}

/**
 * A studio for exports through the API, with real trainer and export processes: the two runs of
 * `trainExportableRuns` trained, a scratch folder outside the data directory, every `export.progress`
 * recorded, and the store at hand.
 */
export interface ExportLab {
  readonly lab: TrainingStudio;
  readonly imageRun: RunSummary;
  readonly pointsRun: RunSummary;
  readonly scratch: string;
  readonly progress: readonly EventPayload<'export.progress'>[];
  /** The studio's store, opened for `work` and closed again. */
  withStore<T>(work: (db: Database) => T): T;
  /** Cancels the export `exportId` as soon as it reports some progress. */
  cancelOnProgress(exportId: string): void;
  dispose(): Promise<void>;
}

export async function createExportLab(): Promise<ExportLab> {
  const lab = createTrainingStudio();
  const scratch = mkdtempSync(join(tmpdir(), 'gan-studio-exports-'));
  const progress: EventPayload<'export.progress'>[] = [];
  lab.studio.events.subscribe((name, payload) => {
    if (name === 'export.progress') progress.push(payload as EventPayload<'export.progress'>);
  });
  const { imageRun, pointsRun } = await trainExportableRuns(lab);
  return {
    lab,
    imageRun,
    pointsRun,
    scratch,
    progress,
    withStore(work) {
      const db = openStore(lab.studio.storePath);
      try {
        return work(db);
      } finally {
        db.close();
      }
    },
    cancelOnProgress(exportId) {
      const unsubscribe = lab.studio.events.subscribe((name, payload) => {
        const p = payload as EventPayload<'export.progress'>;
        if (name === 'export.progress' && p.exportId === exportId && p.done > 0) {
          unsubscribe();
          void lab.client.exports.cancel({ exportId });
        }
      });
    },
    async dispose() {
      await lab.dispose();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

/** The hidden `.partial-…` folders exports left in `folder` (none, once each has finished). */
export const partialFolders = (folder: string): string[] =>
  readdirSync(folder).filter((name) => name.includes('.partial-'));
