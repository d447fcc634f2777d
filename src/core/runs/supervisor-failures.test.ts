import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPreset, validateArchitecture } from '../../shared/engine/architecture';
import type { TrainingConfig } from '../../shared/engine/training-config';
import { createEventBus } from '../api/event-bus';
import { getRun, openStore } from '../store';
import { createRunSupervisor } from './supervisor';
import {
  crashingTrainer,
  createTrainingStudio,
  hangingTrainer,
  eventsOf,
  onNextProgress,
  realTrainer,
  tinyRing8Config,
  unwrap,
  waitFor,
  waitForStatus,
  type TrainingStudio,
} from './test-support';

/**
 * What goes wrong, with real trainer processes: a trainer that crashes or is killed ends its run as
 * failed with the reason (and never the studio), a diverging run fails naming the metric, and requests
 * that cannot work are answered with a coded error before any process is spent on them.
 */
const TEST_MS = 120_000;

let lab: TrainingStudio;

beforeEach(() => {
  lab = createTrainingStudio();
});

afterEach(async () => {
  await lab.dispose();
});

describe('a trainer that dies', () => {
  it(
    'fails its run with the exit code and the last lines it wrote, and the studio trains on',
    async () => {
      const crashing = crashingTrainer(3);
      try {
        lab.useSpawner(crashing.spawn);
        const { id } = unwrap(await lab.client.runs.start({ config: tinyRing8Config() }));
        const failed = await waitForStatus(lab, id, 'failed', 'completed', 'stopped');
        expect(failed.status).toBe('failed');
        expect(failed.failureReason).toMatch(/exited with code 3/);
        expect(failed.failureReason).toMatch(/RangeError: out of cheese at step 7/);
        await waitFor('the supervisor to let go of it', () => !lab.studio.supervisor!.isActive(id));
        // Everything the trainer said arrived before its exit was judged: nothing follows `failed`.
        expect(eventsOf(lab, 'run.status', id).map((e) => e.status)).toEqual(['queued', 'running', 'failed']);
        expect(unwrap(await lab.client.runs.get({ id })).status).toBe('failed');
      } finally {
        crashing.cleanup();
      }

      lab.useSpawner(realTrainer());
      const next = unwrap(await lab.client.runs.start({ config: tinyRing8Config({ steps: 10 }) }));
      expect((await waitForStatus(lab, next.id, 'completed', 'failed')).status).toBe('completed');
    },
    TEST_MS,
  );

  it(
    'fails its run when killed mid-run, and resume continues from the last checkpoint',
    async () => {
      const config = tinyRing8Config({ steps: 60, sampleEvery: 60, checkpointEvery: 10 });
      const { id } = unwrap(await lab.client.runs.start({ config }));
      await waitFor(
        'a first checkpoint',
        async () => unwrap(await lab.client.runs.checkpoints({ id })).length > 0,
      );
      lab.trainers[0]!.kill();

      const failed = await waitForStatus(lab, id, 'failed', 'completed', 'stopped');
      expect(failed.status).toBe('failed');
      expect(failed.failureReason).toMatch(/killed by SIGKILL/);
      expect(failed.failureReason).toMatch(/Resume continues from the last checkpoint/);
      await waitFor('the supervisor to let go of it', () => !lab.studio.supervisor!.isActive(id));
      const lastCheckpoint = unwrap(await lab.client.runs.checkpoints({ id })).at(-1)!.step;
      expect(lastCheckpoint).toBeLessThan(60);

      unwrap(await lab.client.runs.resume({ id }));
      const done = await waitForStatus(lab, id, 'completed', 'failed', 'stopped');
      expect(done).toMatchObject({ status: 'completed', step: 60, failureReason: null });
      const lossD = unwrap(await lab.client.runs.metrics({ id, names: ['loss_d'] }))[0]!;
      expect(lossD.steps).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      // The new trainer reported from the checkpoint on, not from the start.
      const resumedAt = lab.events.findIndex((e) => e.name === 'run.status' && e.payload.status === 'failed');
      const firstResumed = lab.events.slice(resumedAt).find((e) => e.name === 'run.progress');
      expect(firstResumed?.name === 'run.progress' && firstResumed.payload.step).toBeGreaterThan(
        lastCheckpoint,
      );
    },
    TEST_MS,
  );
});

describe('a trainer that does not stop', () => {
  it(
    'is killed after the grace period; the run is stopped (resumable), with the reason',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gan-studio-grace-'));
      const hanging = hangingTrainer();
      const db = openStore(join(dir, 'studio.db'));
      const events = createEventBus();
      const supervisor = createRunSupervisor({
        db,
        dataDir: dir,
        events,
        spawnTrainer: hanging.spawn,
        stopGraceMs: 300,
      });
      try {
        const run = await supervisor.start({ config: tinyRing8Config() });
        await waitFor('the trainer to start', () => getRun(db, run.id)?.status === 'running');
        supervisor.stop(run.id);
        await supervisor.whenExited(run.id);
        const stopped = getRun(db, run.id)!;
        expect(stopped.status).toBe('stopped');
        expect(stopped.failureReason).toMatch(/did not stop within .* and was ended/);
        expect(supervisor.isActive(run.id)).toBe(false);
      } finally {
        await supervisor.shutdown();
        db.close();
        hanging.cleanup();
        rmSync(dir, { recursive: true, force: true });
      }
    },
    TEST_MS,
  );
});

describe('a run that diverges', () => {
  it(
    'fails with a reason naming the metric that stopped being finite',
    async () => {
      // The contract caps learning rates at 1, so the blow-up is built within it: Adam without momentum
      // moves every weight by the full rate each step, eight linear layers multiply those weights, and
      // LSGAN squares D's output — float32 overflows within a few steps.
      const wild = { learningRate: 1, beta1: 0, beta2: 0 };
      const base = tinyRing8Config({ steps: 300, sampleEvery: 1000, checkpointEvery: 1000 });
      const linear = { type: 'dense', units: 64, norm: 'none', activation: 'linear', dropout: 0 } as const;
      const discriminator = {
        ...base.architecture.discriminator,
        blocks: [...Array.from({ length: 8 }, () => linear), { type: 'output', norm: 'none' } as const],
      };
      const config: TrainingConfig = {
        ...base,
        architecture: { ...base.architecture, discriminator },
        objective: 'lsgan',
        optimizerG: wild,
        optimizerD: wild,
      };
      const { id } = unwrap(await lab.client.runs.start({ config }));
      const failed = await waitForStatus(lab, id, 'failed', 'completed', 'stopped');
      expect(failed.status).toBe('failed');
      const match = /^(\w+) became (NaN|-?Infinity) at step (\d+)\./.exec(failed.failureReason ?? '');
      expect(match, failed.failureReason ?? 'no reason').not.toBeNull();
      const [, metric, , stepText] = match!;
      expect(['loss_d', 'loss_g', 'd_real', 'd_fake', 'grad_norm_d', 'grad_norm_g']).toContain(metric);
      expect(failed.failureReason).toMatch(/lower learning rate/);
      // The run ends at the step it names, where the metric is stored as not a number (null).
      const step = Number(stepText);
      expect(failed.step).toBe(step);
      const series = unwrap(await lab.client.runs.metrics({ id, names: [metric!] }))[0]!;
      expect(series.values[series.steps.indexOf(step)]).toBeNull();
      expect(series.values.slice(0, series.steps.indexOf(step)).every((v) => v !== null)).toBe(true);
    },
    TEST_MS,
  );
});

describe('requests that cannot start a run', () => {
  it('answers not_found for a dataset that is not there', async () => {
    const config: TrainingConfig = {
      ...tinyRing8Config(),
      dataset: { kind: 'packed', id: 'ds_gone', name: 'holiday photos' },
      architecture: createPreset('dcgan', { resolution: 16, channels: 3, baseWidth: 8 }),
    };
    const answer = await lab.client.runs.start({ config });
    expect(answer).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(answer.ok ? '' : answer.error.message).toMatch(
      /holiday photos.*no longer in the studio's data folder/,
    );

    const unknownToy = {
      ...tinyRing8Config(),
      dataset: { kind: 'builtin-points', id: 'ring9', name: 'ring9' },
    };
    expect(await lab.client.runs.start({ config: unknownToy as TrainingConfig })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(lab.trainers).toHaveLength(0);
    expect(unwrap(await lab.client.runs.list())).toEqual([]);
  });

  it("answers invalid_input with the validator's sentence for an architecture that cannot be built", async () => {
    const base = tinyRing8Config();
    // A flatten block on 2-D points: valid JSON, impossible network.
    const architecture = {
      ...base.architecture,
      discriminator: {
        ...base.architecture.discriminator,
        blocks: [{ type: 'flatten' as const }, ...base.architecture.discriminator.blocks],
      },
    };
    const report = validateArchitecture(architecture);
    expect(report.ok).toBe(false);
    const answer = await lab.client.runs.start({ config: { ...base, architecture } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const message = answer.ok ? '' : answer.error.message;
    expect(message).toMatch(/^The architecture cannot be built: /);
    for (const error of report.errors) expect(message).toContain(error.message);

    const images = { ...base, architecture: createPreset('dcgan', { resolution: 16, channels: 3 }) };
    expect(await lab.client.runs.start({ config: images })).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringMatching(/ring8 is 2-D point data/) },
    });
    expect(lab.trainers).toHaveLength(0);
  });

  it('answers invalid_input for a config the contract rejects, naming the field', async () => {
    const answer = await lab.client.runs.start({ config: { ...tinyRing8Config(), batchSize: 1 } });
    expect(answer).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(answer.ok ? '' : answer.error.message).toMatch(/batchSize/);
  });

  it(
    'answers conflict for pausing a finished run, and for resuming one that stopped before any checkpoint',
    async () => {
      const { id } = unwrap(await lab.client.runs.start({ config: tinyRing8Config({ steps: 5 }) }));
      await waitForStatus(lab, id, 'completed');
      await waitFor('the trainer to exit', () => !lab.studio.supervisor!.isActive(id));
      const pause = await lab.client.runs.pause({ id });
      expect(pause).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(pause.ok ? '' : pause.error.message).toMatch(/is completed, so it cannot be paused/);

      // Stopped before its first step (the stop is queued behind `start`, ahead of the backend's
      // loading): there is nothing to continue from.
      const early = unwrap(await lab.client.runs.start({ config: tinyRing8Config({ steps: 500 }) }));
      unwrap(await lab.client.runs.stop({ id: early.id }));
      const stopped = await waitForStatus(lab, early.id, 'stopped', 'completed', 'failed');
      expect(stopped).toMatchObject({ status: 'stopped', step: 0, failureReason: null });
      await waitFor('the trainer to exit', () => !lab.studio.supervisor!.isActive(early.id));
      expect(unwrap(await lab.client.runs.checkpoints({ id: early.id }))).toEqual([]);
      const resume = await lab.client.runs.resume({ id: early.id });
      expect(resume).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(resume.ok ? '' : resume.error.message).toMatch(/no checkpoint to continue from/);
    },
    TEST_MS,
  );
});

describe('a stopped run whose dataset was deleted', () => {
  it(
    'answers not_found on resume, naming the dataset, and keeps the run and its checkpoints',
    async () => {
      const dataset = unwrap(
        await lab.client.datasets.importBuiltin({ name: 'shapes', resolution: 16, count: 32, channels: 1 }),
      );
      const config: TrainingConfig = {
        ...tinyRing8Config({ steps: 400, checkpointEvery: 2, sampleEvery: 2 }),
        dataset: { kind: 'packed', id: dataset.id, name: dataset.name },
        architecture: createPreset('mlp', { data: 'image', resolution: 16, channels: 1, baseWidth: 8 }),
        sampleCount: 4,
      };
      const { id } = unwrap(await lab.client.runs.start({ config }));
      await waitFor('a checkpoint', async () => unwrap(await lab.client.runs.checkpoints({ id })).length > 0);
      unwrap(await lab.client.runs.stop({ id }));
      await waitForStatus(lab, id, 'stopped', 'completed');
      await waitFor('the trainer to exit', () => !lab.studio.supervisor!.isActive(id));
      unwrap(await lab.client.datasets.delete({ id: dataset.id }));

      const resume = await lab.client.runs.resume({ id });
      expect(resume).toMatchObject({ ok: false, error: { code: 'not_found' } });
      expect(resume.ok ? '' : resume.error.message).toMatch(
        new RegExp(`dataset "${dataset.name}", which has been deleted, so it cannot continue`),
      );
      expect(unwrap(await lab.client.runs.get({ id }))).toMatchObject({ status: 'stopped' });
      expect(unwrap(await lab.client.runs.checkpoints({ id })).length).toBeGreaterThan(0);
      expect(lab.trainers).toHaveLength(1);
    },
    TEST_MS,
  );
});

// Kept apart so a failure above does not hide that sample-now works on a live run.
describe('sample now', () => {
  it(
    'snapshots the run at the step it is on',
    async () => {
      const config = tinyRing8Config({ steps: 80, sampleEvery: 1000, checkpointEvery: 1000 });
      let answer: ReturnType<typeof lab.client.runs.sampleNow> | undefined;
      onNextProgress(lab, (runId) => (answer = lab.client.runs.sampleNow({ id: runId })));
      const { id } = unwrap(await lab.client.runs.start({ config }));
      await waitForStatus(lab, id, 'completed', 'failed');
      unwrap(await answer!);
      const steps = unwrap(await lab.client.runs.samples({ id })).map((s) => s.step);
      expect(steps).toHaveLength(2);
      expect(steps[0]).toBeLessThan(80);
      expect(steps[1]).toBe(80);
    },
    TEST_MS,
  );
});
