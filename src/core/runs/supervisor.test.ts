import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { MethodOutput } from '../../shared/api/contract';
import { createPreset } from '../../shared/engine/architecture';
import { buildTrainingConfig } from '../../shared/engine/recipes';
import {
  createTrainingStudio,
  eventsOf,
  tinyRing8Config,
  unwrap,
  onNextEvent,
  onNextProgress,
  waitFor,
  waitForStatus,
  type TrainingStudio,
} from './test-support';

/**
 * The supervisor with real trainer processes (out/test-trainer/trainer.js, built by the global setup):
 * a run's whole life through the API, as a host drives it, checked against the store, the files on
 * disk and the events a client would see.
 */
const PER_STEP_METRICS = ['loss_d', 'loss_g', 'd_real', 'd_fake', 'js', 'grad_norm_d', 'grad_norm_g'];
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const TEST_MS = 120_000;

type Series = MethodOutput<'runs.metrics'>[number];

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);

let lab: TrainingStudio;

beforeEach(() => {
  lab = createTrainingStudio();
});

afterEach(async () => {
  await lab.dispose();
});

async function metricsOf(runId: string): Promise<Map<string, Series>> {
  const series = unwrap(await lab.client.runs.metrics({ id: runId }));
  return new Map(series.map((s) => [s.name, s]));
}

function statusesOf(runId: string): string[] {
  return eventsOf(lab, 'run.status', runId).map((e) => e.status);
}

describe('a run started through the API', () => {
  it(
    'trains to completion and leaves its metrics, samples and checkpoints in the store and on disk',
    async () => {
      const config = tinyRing8Config({ steps: 40, sampleEvery: 20, checkpointEvery: 20 });
      const started = unwrap(await lab.client.runs.start({ name: 'tiny ring', config }));
      expect(started).toMatchObject({ name: 'tiny ring', status: 'queued', step: 0, totalSteps: 40 });

      const run = await waitForStatus(lab, started.id, 'completed', 'failed', 'stopped');
      expect(run).toMatchObject({ status: 'completed', step: 40, backend: 'cpu', failureReason: null });
      expect(run.startedAt).not.toBeNull();
      expect(run.endedAt).not.toBeNull();
      await waitFor('the trainer to exit', () => !lab.studio.supervisor!.isActive(run.id));

      // Every per-step metric at every step, finite; throughput and mode coverage where they are measured.
      const metrics = await metricsOf(run.id);
      for (const name of PER_STEP_METRICS) {
        const series = metrics.get(name);
        expect(series?.steps, name).toEqual(range(1, 40));
        expect(
          series?.values.every((v) => v !== null && Number.isFinite(v)),
          name,
        ).toBe(true);
      }
      const throughput = metrics.get('images_per_second')!;
      expect(throughput.steps.at(-1)).toBe(40);
      expect(throughput.values.every((v) => v !== null && v > 0)).toBe(true);
      expect(metrics.get('modes_captured')?.steps).toEqual([20, 40]);
      expect(metrics.get('high_quality_pct')?.steps).toEqual([20, 40]);
      for (const v of metrics.get('modes_captured')!.values) expect(v).toBeGreaterThanOrEqual(0);
      for (const v of metrics.get('modes_captured')!.values) expect(v).toBeLessThanOrEqual(8);

      // Sample rows point at PNG files; checkpoint rows at complete checkpoint folders.
      const samples = unwrap(await lab.client.runs.samples({ id: run.id }));
      expect(samples.map((s) => s.step)).toEqual([20, 40]);
      for (const sample of samples) {
        expect(sample.path).toBe(`runs/${run.id}/samples/${sample.step}.png`);
        const png = readFileSync(join(lab.dataDir, sample.path));
        expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      }
      const checkpoints = unwrap(await lab.client.runs.checkpoints({ id: run.id }));
      expect(checkpoints.map((c) => c.step)).toEqual([20, 40]);
      for (const checkpoint of checkpoints) {
        const folder = join(lab.dataDir, 'runs', run.id, 'checkpoints', String(checkpoint.step));
        expect(existsSync(join(folder, 'state.json'))).toBe(true);
        expect(statSync(join(folder, 'tensors.bin')).size).toBe(checkpoint.sizeBytes);
        expect(checkpoint.sizeBytes).toBeGreaterThan(0);
      }

      // Events: queued → running → completed, progress in step order up to the end, a sample event per
      // snapshot after the progress that reached its step, nothing after the final status.
      expect(statusesOf(run.id)).toEqual(['queued', 'running', 'completed']);
      const ofRun = lab.events.filter((e) => e.payload.runId === run.id);
      const index = (predicate: (e: (typeof ofRun)[number]) => boolean) => ofRun.findIndex(predicate);
      const runningAt = index((e) => e.name === 'run.status' && e.payload.status === 'running');
      const firstProgressAt = index((e) => e.name === 'run.progress');
      expect(runningAt).toBeLessThan(firstProgressAt);
      expect(ofRun.at(-1)).toMatchObject({ name: 'run.status', payload: { status: 'completed' } });
      const progress = eventsOf(lab, 'run.progress', run.id);
      const steps = progress.map((p) => p.step);
      expect(steps).toEqual([...steps].sort((a, b) => a - b));
      expect(steps.at(-1)).toBe(40);
      expect(progress.every((p) => p.totalSteps === 40)).toBe(true);
      expect(Object.keys(progress.at(-1)!.metrics)).toEqual(expect.arrayContaining(PER_STEP_METRICS));
      const sampleEvents = eventsOf(lab, 'run.sample', run.id);
      expect(sampleEvents.map((s) => s.step)).toEqual([20, 40]);
      for (const sample of sampleEvents) {
        expect(sample.coverage).toMatchObject({ modeCount: 8 });
        const sampleAt = index((e) => e.name === 'run.sample' && e.payload.step === sample.step);
        const reachedAt = index((e) => e.name === 'run.progress' && e.payload.step >= sample.step);
        expect(reachedAt).toBeLessThan(sampleAt);
      }
    },
    TEST_MS,
  );

  it(
    'trains on an imported (packed) dataset and snapshots image grids',
    async () => {
      const dataset = unwrap(
        await lab.client.datasets.importBuiltin({ name: 'shapes', resolution: 16, count: 32, channels: 1 }),
      );
      const facts = { kind: 'packed', id: dataset.id, name: dataset.name, numClasses: 0 } as const;
      const base = buildTrainingConfig(
        { ...facts, height: 16, width: 16, channels: 1 },
        { preset: 'mlp', steps: 6, batchSize: 8, backend: 'cpu', sampleEvery: 3, checkpointEvery: 3 },
      );
      const config = {
        ...base,
        architecture: createPreset('mlp', { data: 'image', resolution: 16, channels: 1, baseWidth: 8 }),
        sampleCount: 16,
      };
      const { id } = unwrap(await lab.client.runs.start({ config }));
      const run = await waitForStatus(lab, id, 'completed', 'failed', 'stopped');
      expect(run).toMatchObject({ status: 'completed', step: 6, datasetId: dataset.id });
      const samples = unwrap(await lab.client.runs.samples({ id }));
      expect(samples.map((s) => s.step)).toEqual([3, 6]);
      const png = readFileSync(join(lab.dataDir, samples[1]!.path));
      expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      // Image runs have no mode coverage.
      expect(eventsOf(lab, 'run.sample', id).every((e) => e.coverage === null)).toBe(true);
      expect(unwrap(await lab.client.runs.checkpoints({ id })).map((c) => c.step)).toEqual([3, 6]);
    },
    TEST_MS,
  );

  it(
    'stops gracefully at a checkpoint, and resume continues from it to the end',
    async () => {
      const config = tinyRing8Config({ steps: 90, sampleEvery: 30, checkpointEvery: 30 });
      let stopAnswer: ReturnType<typeof lab.client.runs.stop> | undefined;
      onNextProgress(lab, (runId) => (stopAnswer = lab.client.runs.stop({ id: runId })));
      const { id } = unwrap(await lab.client.runs.start({ config }));

      const stopped = await waitForStatus(lab, id, 'stopped', 'completed', 'failed');
      expect(unwrap(await stopAnswer!).id).toBe(id);
      expect(stopped.status).toBe('stopped');
      expect(stopped.failureReason).toBeNull();
      const stopStep = stopped.step;
      expect(stopStep).toBeGreaterThan(0);
      expect(stopStep).toBeLessThan(90);
      await waitFor('the trainer to exit', () => !lab.studio.supervisor!.isActive(id));
      // The stop step is snapshotted and checkpointed, so nothing trained is lost.
      const checkpoints = unwrap(await lab.client.runs.checkpoints({ id }));
      expect(checkpoints.at(-1)?.step).toBe(stopStep);
      expect(existsSync(join(lab.dataDir, 'runs', id, 'checkpoints', String(stopStep)))).toBe(true);
      expect(unwrap(await lab.client.runs.samples({ id })).at(-1)?.step).toBe(stopStep);
      const before = (await metricsOf(id)).get('loss_d')!;
      expect(before.steps).toEqual(range(1, stopStep));

      const resumed = unwrap(await lab.client.runs.resume({ id }));
      expect(resumed.status).toBe('queued');
      const done = await waitForStatus(lab, id, 'completed', 'failed', 'stopped');
      expect(done).toMatchObject({ status: 'completed', step: 90, failureReason: null });
      expect(lab.trainers).toHaveLength(2);

      // The second trainer began after the checkpoint: steps 1..stopStep were not trained (and recorded)
      // again, and the rest were recorded once each.
      const after = (await metricsOf(id)).get('loss_d')!;
      expect(after.steps).toEqual(range(1, 90));
      expect(after.values.slice(0, stopStep)).toEqual(before.values);
      expect(after.wallTimes.slice(0, stopStep)).toEqual(before.wallTimes);
      const stopAt = lab.events.findIndex((e) => e.name === 'run.status' && e.payload.status === 'stopped');
      const laterProgress = lab.events
        .slice(stopAt)
        .filter((e) => e.name === 'run.progress' && e.payload.runId === id);
      expect(laterProgress.every((e) => e.name === 'run.progress' && e.payload.step > stopStep)).toBe(true);
      expect(statusesOf(id)).toEqual(['queued', 'running', 'stopped', 'queued', 'running', 'completed']);
      const checkpointSteps = unwrap(await lab.client.runs.checkpoints({ id })).map((c) => c.step);
      expect(checkpointSteps).toEqual([...new Set([30, 60, 90, stopStep])].sort((a, b) => a - b));
    },
    TEST_MS,
  );

  it(
    'a resume asked for the moment the run reads stopped, before its trainer has exited, continues it',
    async () => {
      const config = tinyRing8Config({ steps: 60, sampleEvery: 30, checkpointEvery: 30 });
      onNextProgress(lab, (runId) => void lab.client.runs.stop({ id: runId }));
      // A person who clicks Resume as soon as the badge turns: the old trainer is still exiting.
      let trainerActiveAtResume: boolean | undefined;
      let resumeAnswer: ReturnType<typeof lab.client.runs.resume> | undefined;
      onNextEvent(
        lab,
        'run.status',
        ({ runId }) => {
          trainerActiveAtResume = lab.studio.supervisor!.isActive(runId);
          resumeAnswer = lab.client.runs.resume({ id: runId });
        },
        ({ status }) => status === 'stopped',
      );
      const { id } = unwrap(await lab.client.runs.start({ config }));

      await waitFor('the resume to be asked for', () => resumeAnswer);
      expect(trainerActiveAtResume).toBe(true);
      expect(unwrap(await resumeAnswer!).status).toBe('queued');
      const done = await waitForStatus(lab, id, 'completed', 'failed');
      expect(done).toMatchObject({ status: 'completed', step: 60, failureReason: null });
      expect(lab.trainers).toHaveLength(2);
      expect(statusesOf(id)).toEqual(['queued', 'running', 'stopped', 'queued', 'running', 'completed']);
    },
    TEST_MS,
  );

  it(
    'pauses and resumes in the same trainer process',
    async () => {
      const config = tinyRing8Config({ steps: 60, sampleEvery: 30, checkpointEvery: 30 });
      let pauseAnswer: ReturnType<typeof lab.client.runs.pause> | undefined;
      onNextProgress(lab, (runId) => (pauseAnswer = lab.client.runs.pause({ id: runId })));
      const { id } = unwrap(await lab.client.runs.start({ config }));
      const paused = await waitForStatus(lab, id, 'paused', 'completed', 'failed');
      expect(paused.status).toBe('paused');
      expect(unwrap(await pauseAnswer!).id).toBe(id);
      expect(lab.studio.supervisor!.isActive(id)).toBe(true);

      // A paused trainer does nothing: no progress arrives while it waits. (Watching for a moment is
      // the only way to see that nothing happens.)
      const progressBefore = eventsOf(lab, 'run.progress', id).length;
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(eventsOf(lab, 'run.progress', id)).toHaveLength(progressBefore);
      expect(unwrap(await lab.client.runs.get({ id })).status).toBe('paused');

      unwrap(await lab.client.runs.resume({ id }));
      await waitForStatus(lab, id, 'running', 'completed');
      const done = await waitForStatus(lab, id, 'completed', 'failed', 'stopped');
      expect(done).toMatchObject({ status: 'completed', step: 60 });
      expect(lab.trainers).toHaveLength(1);
      expect(statusesOf(id)).toEqual(['queued', 'running', 'paused', 'running', 'completed']);
      const steps = (await metricsOf(id)).get('loss_d')!.steps;
      expect(steps).toEqual(range(1, 60));
    },
    TEST_MS,
  );

  it(
    'answers a coded error for controls that do not fit the run',
    async () => {
      const config = tinyRing8Config({ steps: 10 });
      const { id } = unwrap(await lab.client.runs.start({ config }));
      await waitForStatus(lab, id, 'completed');
      await waitFor('the trainer to exit', () => !lab.studio.supervisor!.isActive(id));

      for (const call of [lab.client.runs.pause, lab.client.runs.stop, lab.client.runs.sampleNow]) {
        const answer = await call({ id });
        expect(answer).toMatchObject({ ok: false, error: { code: 'conflict' } });
        expect(answer.ok ? '' : answer.error.message).toMatch(/is completed/);
      }
      const resume = await lab.client.runs.resume({ id });
      expect(resume).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(await lab.client.runs.pause({ id: 'run_nope' })).toMatchObject({
        ok: false,
        error: { code: 'not_found' },
      });
    },
    TEST_MS,
  );
});

describe('Ctrl-C in a terminal', () => {
  /** This process's children that run the trainer script (vitest runs each test file in its own process). */
  const trainerPids = (): number[] =>
    // `-A -o` rather than `--ppid`, which macOS's ps lacks.
    execFileSync('ps', ['-A', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
      .split('\n')
      .map((line) => /^\s*(\d+)\s+(\d+)\s(.*)$/.exec(line))
      .filter((row) => Number(row?.[2]) === process.pid && row?.[3]?.includes(inject('trainerScript')))
      .map((row) => Number(row![1]));

  it(
    'reaches the trainer too, which trains on: what an interrupt means is the host’s to decide',
    async () => {
      // The terminal sends SIGINT to the whole foreground process group: the CLI, which stops the run
      // after this step with a checkpoint, and its trainer, which must not die of it first.
      let interruptedAt: number | undefined;
      onNextEvent(lab, 'run.progress', ({ step }) => {
        const pids = trainerPids();
        expect(pids).toHaveLength(1);
        process.kill(pids[0]!, 'SIGINT');
        interruptedAt = step;
      });
      const config = tinyRing8Config({ steps: 300, sampleEvery: 300, checkpointEvery: 300 });
      const { id } = unwrap(await lab.client.runs.start({ config }));

      const done = await waitForStatus(lab, id, 'completed', 'failed', 'stopped');
      expect(done).toMatchObject({ status: 'completed', step: 300, failureReason: null });
      expect(interruptedAt).toBeLessThan(300);
      expect(lab.trainers).toHaveLength(1);
    },
    TEST_MS,
  );
});
