import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BACKEND_CANDIDATES } from '../backends/candidates';
import { probeBackends } from '../backends/probe-backends';
import {
  createToyBatchSource,
  isToyDatasetName,
  measureModeCoverage,
  TOY_DATASETS,
  withPrefetch,
} from '../core/engine/data';
import { writeFileAtomically } from '../core/fs/atomic-folder';
import { latestCheckpointFolder, readCheckpoint, writeCheckpoint } from '../core/engine/io/checkpoint-files';
import { renderImageGrid, renderPointsPlot } from '../core/engine/io/sample-images';
import { train, type SampleOutput, type TrainOutcome } from '../core/engine/train';
import { createBatchSource, createTrainingParts } from '../core/engine/training-parts';
import { restoreTrainingState, type TrainingState } from '../core/engine/training-state';
import { readPackedDataset, type PackedDataset } from '../core/datasets/packed-format';
import type { FromTrainer, ToTrainer } from '../core/runs/trainer-protocol';
import type { MetricPoint } from '../core/store/metrics-repo';
import type { TrainingConfig } from '../shared/engine/training-config';
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
  const source = withPrefetch(createBatchSource(config, await readDataset(config, start.datasetDir)));
  const parts = createTrainingParts(config, source);

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
  }
}

async function chooseBackend(
  config: TrainingConfig,
): Promise<{ name: NonNullable<Awaited<ReturnType<typeof probeBackends>>['active']>; detail: string }> {
  const forced = config.backend === 'auto' ? undefined : config.backend;
  // A forced backend is the only one loaded: a person who forces wasm to get away from a broken CUDA
  // install must not have tfjs-node-gpu loaded (and crash) anyway, and start-up skips the others' cost.
  const candidates = forced ? BACKEND_CANDIDATES.filter((c) => c.name === forced) : BACKEND_CANDIDATES;
  const probe = await probeBackends(candidates, forced ? { force: forced } : {});
  const report = (name: string | null) => probe.reports.find((r) => r.name === name);
  if (forced && probe.active !== forced) {
    throw new Error(
      `The ${forced} backend was asked for but does not work here: ${report(forced)?.detail ?? 'it is not a candidate on this machine.'}`,
    );
  }
  if (!probe.active)
    throw new Error('No compute backend loads on this machine; `gan-studio info` says why for each.');
  return { name: probe.active, detail: report(probe.active)?.detail ?? '' };
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
  const info = TOY_DATASETS[config.dataset.name];
  const coverage = measureModeCoverage(sample.data, info);
  const extent = Math.max(...info.modes.flat().map(Math.abs)) * 1.4;
  const real = createToyBatchSource(info.name, { seed: 1 }).nextBatch(1000).x;
  writeFileAtomically(
    join(runDir, file),
    await renderPointsPlot(sample.data, { extent, modes: info.modes, real }),
  );
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
