import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { STORE_FILE_NAME } from '../data-dir';
import { insertRun, openStore, setRunOwner, updateRunStatus } from '../store';
import {
  createTrainingStudio,
  deadPid,
  isRunningProcess,
  tinyRing8Config,
  unwrap,
  waitFor,
  waitForStatus,
  type TrainingStudio,
} from './test-support';

/**
 * A host that goes away mid-run: the next host to open the data folder marks the runs it left as
 * interrupted (and only those — not runs another live host is training), and resumes them from their
 * last checkpoint; the trainer it left behind does not train on as an orphan.
 */
const TEST_MS = 120_000;
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track(lab: TrainingStudio): TrainingStudio {
  cleanups.push(() => lab.dispose());
  return lab;
}

describe('a new host on the same data folder', () => {
  it(
    'interrupts the runs of a host that died, leaves a live host’s alone, and resumes from the checkpoint',
    async () => {
      // First host: a run reaches a checkpoint and trains on past it; then the host dies. Its trainer
      // is killed and the row is left as a dead host leaves it: running, owned by a gone process.
      const dataDir = mkdtempSync(join(tmpdir(), 'gan-studio-restart-'));
      cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
      const first = createTrainingStudio({ dataDir });
      const config = tinyRing8Config({ steps: 80, sampleEvery: 40, checkpointEvery: 20 });
      const { id } = unwrap(await first.client.runs.start({ config }));
      await waitFor('training past the first checkpoint', async () => {
        const run = unwrap(await first.client.runs.get({ id }));
        return run.step > 20 && unwrap(await first.client.runs.checkpoints({ id })).length > 0;
      });
      first.trainers[0]!.kill();
      await waitForStatus(first, id, 'failed', 'completed');
      const lastCheckpoint = unwrap(await first.client.runs.checkpoints({ id })).at(-1)!.step;
      const before = unwrap(await first.client.runs.metrics({ id, names: ['loss_d'] }))[0]!;
      await first.dispose();

      const db = openStore(join(dataDir, STORE_FILE_NAME));
      let liveElsewhere: string;
      try {
        db.prepare(
          "UPDATE runs SET status = 'running', ended_at = NULL, failure_reason = NULL WHERE id = ?",
        ).run(id);
        setRunOwner(db, id, deadPid());
        // A run another host (alive: this very process) is training right now.
        liveElsewhere = insertRun(db, {
          name: 'elsewhere',
          datasetId: null,
          recipe: 'mlp · nonsaturating',
          config,
          totalSteps: 80,
        }).id;
        updateRunStatus(db, liveElsewhere, { status: 'running', backend: 'cpu' });
        setRunOwner(db, liveElsewhere, process.pid);
      } finally {
        db.close();
      }

      const second = track(createTrainingStudio({ dataDir }));
      const interrupted = unwrap(await second.client.runs.get({ id }));
      expect(interrupted).toMatchObject({ status: 'interrupted' });
      expect(interrupted.failureReason).toMatch(/closed while this run was training/);
      expect(unwrap(await second.client.runs.get({ id: liveElsewhere }))).toMatchObject({
        status: 'running',
      });

      // The live host's run cannot be driven from here, and is not started twice.
      for (const call of [second.client.runs.resume, second.client.runs.pause, second.client.runs.stop]) {
        const answer = await call({ id: liveElsewhere });
        expect(answer).toMatchObject({ ok: false, error: { code: 'conflict' } });
        expect(answer.ok ? '' : answer.error.message).toMatch(/in another GAN Studio process/);
      }
      expect(second.trainers).toHaveLength(0);

      unwrap(await second.client.runs.resume({ id }));
      const done = await waitForStatus(second, id, 'completed', 'failed', 'stopped');
      expect(done).toMatchObject({ status: 'completed', step: 80, failureReason: null });
      const firstProgress = second.events.find((e) => e.name === 'run.progress');
      expect(firstProgress?.name === 'run.progress' && firstProgress.payload.step).toBeGreaterThan(
        lastCheckpoint,
      );
      const after = unwrap(await second.client.runs.metrics({ id, names: ['loss_d'] }))[0]!;
      expect(after.steps).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
      // Up to the checkpoint the record is the first host's; the steps after it were trained again.
      expect(after.wallTimes.slice(0, lastCheckpoint)).toEqual(before.wallTimes.slice(0, lastCheckpoint));
      expect(after.values.slice(0, lastCheckpoint)).toEqual(before.values.slice(0, lastCheckpoint));

      // The other host dies while this one is open: asking is enough to find out.
      const store = openStore(join(dataDir, STORE_FILE_NAME));
      setRunOwner(store, liveElsewhere, deadPid());
      store.close();
      const pause = await second.client.runs.pause({ id: liveElsewhere });
      expect(pause.ok ? '' : pause.error.message).toMatch(/is interrupted, so it cannot be paused/);
      expect(unwrap(await second.client.runs.get({ id: liveElsewhere })).status).toBe('interrupted');
    },
    TEST_MS,
  );
});

describe('a trainer whose host dies', () => {
  it(
    'ends itself instead of training on with nobody to report to',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gan-studio-orphan-'));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      // A stand-in host: forks the real trainer, starts a long run, and says its pid once it trains.
      const host = join(dir, 'host.mjs');
      writeFileSync(
        host,
        `import { fork } from 'node:child_process';
const [trainerScript, runDir, configJson] = process.argv.slice(2);
const child = fork(trainerScript, [], { serialization: 'advanced', stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
let told = false;
child.on('message', (message) => {
  if (message.type === 'progress' && !told) process.stdout.write(child.pid + '\\n');
  if (message.type === 'progress') told = true;
});
child.send({ type: 'start', runId: 'run_orphan', config: JSON.parse(configJson), configHash: 'orphan',
  runDir, datasetDir: null, resume: false });
`,
      );
      const config = tinyRing8Config({ steps: 100_000 });
      const hostProcess = spawn(
        process.execPath,
        [host, inject('trainerScript'), join(dir, 'run'), JSON.stringify(config)],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      cleanups.push(() => void hostProcess.kill('SIGKILL'));
      let output = '';
      hostProcess.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const trainerPid = await waitFor('the trainer to train', () => /^(\d+)\n/.exec(output)?.[1]);
      cleanups.push(() => {
        // Only if the test failed: do not leave it behind.
        if (isRunningProcess(Number(trainerPid))) process.kill(Number(trainerPid), 'SIGKILL');
      });
      expect(isRunningProcess(Number(trainerPid))).toBe(true);

      hostProcess.kill('SIGKILL');
      await waitFor('the orphaned trainer to exit', () => !isRunningProcess(Number(trainerPid)), 30_000);
    },
    TEST_MS,
  );
});
