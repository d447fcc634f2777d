import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isToyDatasetName, measureModeCoverage, TOY_DATASETS, withPrefetch } from '../core/engine/data';
import { writeFileAtomically } from '../core/fs/atomic-folder';
import { latestCheckpointFolder, readCheckpoint, writeCheckpoint } from '../core/engine/io/checkpoint-files';
import { renderImageGrid, renderToyPointsPlot } from '../core/engine/io/sample-images';
import { train, type SampleOutput, type TrainOutcome } from '../core/engine/train';
import { createBatchSource, createTrainingParts } from '../core/engine/training-parts';
import { restoreTrainingState, type TrainingState } from '../core/engine/training-state';
import { ImageQualityProbe } from '../core/engine/quality/image-quality';
import { nearestImagesFile, type NearestImagesFile } from '../core/runs/nearest-images';
import { readPackedDataset, type PackedDataset } from '../core/datasets/packed-format';
import type { FromTrainer, ToTrainer } from '../core/runs/trainer-protocol';
import type { MetricPoint } from '../core/store/metrics-repo';
import type { TrainingConfig } from '../shared/engine/training-config';
import { chooseBackend } from './choose-backend';
import type { ParentChannel } from './parent-channel';
import type { TrainerControl } from './trainer-control';

type StartMessage = Extract<ToTrainer, { type: 'start' }>;

/** Progress messages at most this often: a few per second is smooth for charts and cheap for IPC. */
const PROGRESS_INTERVAL_MS = 250;

/** Prepares everything a run needs, trains, and reports; files go under the run folder. */
export async function runTraining(
  start: StartMessage,
  channel: ParentChannel,
  control: TrainerControl,
): Promise<TrainOutcome> {
  const { config } = start;
  const backend = await chooseBackend(config);
  const dataset = await readDataset(config, start.datasetDir);
  const source = withPrefetch(createBatchSource(config, dataset));
  const parts = createTrainingParts(config, source);
  // Image runs: each snapshot is scored against the training images (see the quality module).
  const quality = dataset
    ? await ImageQualityProbe.create({ ...dataset.manifest, images: dataset.images }, config.seed)
    : null;

  let startStep = 0;
  const latest = start.resume ? latestCheckpointFolder(start.runDir) : null;
  if (latest) {
    const state: TrainingState = readCheckpoint(latest.folder, start.configHash);
    await restoreTrainingState(state, parts);
    startStep = state.step;
  }
  channel.send({ type: 'started', backend: backend.name, backendDetail: backend.detail, step: startStep });

  let pending: MetricPoint[] = [];
  let lastSent = 0;
  let lastSentStep = startStep;
  const sendProgress = (
    step: number,
    imagesPerSecond: number,
    values: Record<string, number>,
    force: boolean,
  ): void => {
    const now = Date.now();
    if (!force && now - lastSent < PROGRESS_INTERVAL_MS) return;
    // Forced sends (before a sample, a checkpoint, the end) often follow one another with nothing new.
    if (pending.length === 0 && step === lastSentStep) return;
    channel.send({ type: 'progress', step, imagesPerSecond, latest: values, points: pending });
    pending = [];
    lastSent = now;
    lastSentStep = step;
  };
  let lastProgress = { step: startStep, imagesPerSecond: 0, latest: {} as Record<string, number> };

  try {
    return await train(
      config,
      {
        setup: parts.setup,
        emaGenerator: parts.emaGenerator,
        source,
        noiseRng: parts.noiseRng,
        clock: Date.now,
        startStep,
      },
      {
        onMetrics: (points) => pending.push(...points),
        onProgress: (p) => {
          lastProgress = { step: p.step, imagesPerSecond: p.imagesPerSecond, latest: { ...p.latest } };
          sendProgress(p.step, p.imagesPerSecond, lastProgress.latest, false);
        },
        onSample: async (sample) => {
          if (quality) pending.push(...(await measureSnapshot(quality, start.runDir, sample)));
          sendProgress(lastProgress.step, lastProgress.imagesPerSecond, lastProgress.latest, true);
          channel.send(await writeSample(start.runDir, config, sample));
        },
        onCheckpoint: (state) => {
          sendProgress(lastProgress.step, lastProgress.imagesPerSecond, lastProgress.latest, true);
          const { sizeBytes } = writeCheckpoint(start.runDir, state, start.configHash);
          channel.send({
            type: 'checkpoint',
            step: state.step,
            folder: `checkpoints/${state.step}`,
            sizeBytes,
          });
        },
      },
      {
        signal: control.signal,
        waitWhilePaused: () =>
          control.waitWhilePaused(
            () => channel.send({ type: 'paused' }),
            () => channel.send({ type: 'resumed' }),
          ),
        takeSampleRequest: () => control.takeSampleRequest(),
      },
    );
  } finally {
    sendProgress(lastProgress.step, lastProgress.imagesPerSecond, lastProgress.latest, true);
    source.dispose();
    quality?.dispose();
  }
}

/**
 * Scores an image snapshot: its metric points (kernel distance to the training images, the diversity of
 * the samples and of the data) and, beside its PNG, each sample's nearest training images.
 */
async function measureSnapshot(
  probe: ImageQualityProbe,
  runDir: string,
  sample: SampleOutput,
): Promise<MetricPoint[]> {
  const measured = await probe.measure(sample.data, sample.shape);
  const file: NearestImagesFile = {
    step: sample.step,
    searched: probe.searched,
    typicalDistance: Math.round(probe.realDiversity * 1e4) / 1e4,
    samples: measured.nearest.map((row) =>
      row.map((n) => ({ index: n.index, distance: Math.round(n.distance * 1e4) / 1e4 })),
    ),
  };
  writeFileAtomically(join(runDir, nearestImagesFile(sample.step)), JSON.stringify(file));
  const wallTime = Date.now() / 1000;
  const point = (name: string, value: number): MetricPoint => ({ name, step: sample.step, value, wallTime });
  return [
    point('kernel_distance', measured.kernelDistance),
    point('diversity', measured.diversity),
    point('diversity_real', probe.realDiversity),
  ];
}

/** The imported dataset a run trains on; built-in 2-D sets need none. */
async function readDataset(config: TrainingConfig, datasetDir: string | null): Promise<PackedDataset | null> {
  if (config.dataset.kind === 'builtin-points') return null;
  if (!datasetDir) throw new Error('The run names an imported dataset but no dataset folder was given.');
  return readPackedDataset(datasetDir);
}

type SampleMessage = Extract<FromTrainer, { type: 'sample' }>;

async function writeSample(
  runDir: string,
  config: TrainingConfig,
  sample: SampleOutput,
): Promise<SampleMessage> {
  const file = `samples/${sample.step}.png`;
  if (config.dataset.kind !== 'builtin-points' || !isToyDatasetName(config.dataset.name)) {
    writeFileAtomically(join(runDir, file), await renderImageGrid(sample.data, sample.shape));
    return { type: 'sample', step: sample.step, file, pointsFile: null, coverage: null };
  }
  const coverage = measureModeCoverage(sample.data, TOY_DATASETS[config.dataset.name]);
  writeFileAtomically(join(runDir, file), await renderToyPointsPlot(config.dataset.name, sample.data));
  const pointsFile = `samples/${sample.step}.points.json`;
  const points = Array.from(sample.data, (v) => Math.round(v * 1e4) / 1e4);
  writeFileSync(join(runDir, pointsFile), JSON.stringify({ step: sample.step, points, coverage }));
  const { modesCaptured, modeCount, highQualityPct } = coverage;
  return {
    type: 'sample',
    step: sample.step,
    file,
    pointsFile,
    coverage: { modesCaptured, modeCount, highQualityPct },
  };
}
