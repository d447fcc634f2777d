import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RunSummary } from '../../shared/api/dto';
import type { TrainingConfig } from '../../shared/engine/training-config';
import type { ImageDataset } from '../engine/data';
import { writeCheckpoint } from '../engine/io/checkpoint-files';
import { createTinyGan, tinyImageConfig, trainDeps, type TinyGan } from '../engine/test-support';
import { train } from '../engine/train';
import { captureTrainingState } from '../engine/training-state';
import { tinyRing8Config, unwrap, waitForStatus, type TrainingStudio } from '../runs/test-support';

// Test-only: a tiny GAN trained a few steps in this process (the cpu backend the test picked), with its
// checkpoint written as the trainer writes one, for the export code that runs in the export process.

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
