import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { RunSummary } from '../../shared/api/dto';
import { StudioError } from '../../shared/api/errors';
import type { TrainingConfig } from '../../shared/engine/training-config';
import type { EventBus } from '../api/event-bus';
import { latestCheckpointFolder } from '../engine/io/checkpoint-files';
import {
  getDataset,
  getRun,
  getRunRecord,
  hashConfig,
  insertCheckpoint,
  insertRun,
  insertSample,
  setRunOwner,
  uniqueRunName,
  updateRunStatus,
} from '../store';
import { RunRecorder } from './run-recorder';
import { describeExit, type SpawnTrainer, type TrainerHandle } from './trainer-handle';
import type { FromTrainer } from './trainer-protocol';
import { checkStartable } from './start-checks';
import { interruptOrphans, isLive, isProcessAlive } from './live-runs';

export interface RunSupervisorOptions {
  readonly db: Database;
  readonly dataDir: string;
  readonly events: EventBus;
  readonly spawnTrainer: SpawnTrainer;
  /** How long a stop may take (finish the step, checkpoint) before the process is killed. */
  readonly stopGraceMs?: number;
  readonly ownerPid?: number;
  readonly isProcessAlive?: (pid: number) => boolean;
}

interface ActiveRun {
  /** The run's configured length, for progress events (the config is immutable). */
  readonly totalSteps: number;
  readonly handle: TrainerHandle;
  readonly recorder: RunRecorder;
  finished: boolean;
  stopTimer: ReturnType<typeof setTimeout> | null;
  /** Killed because a requested stop took longer than the grace period. */
  killedAfterStop: boolean;
  readonly exited: Promise<void>;
}

export interface RunSupervisor {
  start(input: { readonly name?: string; readonly config: TrainingConfig }): Promise<RunSummary>;
  /** Paused: continue. Stopped, interrupted or failed: a new trainer continues from the last checkpoint. */
  resume(runId: string): Promise<RunSummary>;
  pause(runId: string): RunSummary;
  stop(runId: string): RunSummary;
  sampleNow(runId: string): RunSummary;
  /** Resolves when the run's trainer process has exited (immediately when none runs). */
  whenExited(runId: string): Promise<void>;
  isActive(runId: string): boolean;
  /** Stops every run gracefully; the host calls it on the way out. */
  shutdown(): Promise<void>;
}

/**
 * Starts and stops trainer processes — one per run — and persists what they report. A trainer that
 * dies (crash, out of memory, killed) ends its run as failed with the reason; never the host.
 */
export function createRunSupervisor(options: RunSupervisorOptions): RunSupervisor {
  const { db, dataDir, events } = options;
  const stopGraceMs = options.stopGraceMs ?? 60_000;
  const ownerPid = options.ownerPid ?? process.pid;
  const active = new Map<string, ActiveRun>();

  const isOwnerAlive = options.isProcessAlive ?? isProcessAlive;
  interruptOrphans(db, events, isOwnerAlive);

  const setStatus = (runId: string, change: Parameters<typeof updateRunStatus>[2]): RunSummary => {
    const run = updateRunStatus(db, runId, change);
    events.emit('run.status', { runId, status: run.status, reason: run.failureReason });
    return run;
  };

  const launch = (runId: string, config: TrainingConfig, configHash: string, resume: boolean): void => {
    let handle: TrainerHandle;
    try {
      handle = options.spawnTrainer();
    } catch (error) {
      // Otherwise the run would wait as queued for a process that never comes.
      const detail = error instanceof Error ? error.message : String(error);
      setStatus(runId, { status: 'failed', reason: `The trainer process could not be started: ${detail}` });
      return;
    }
    const recorder = new RunRecorder(db, runId);
    let resolveExited: () => void = () => undefined;
    const exited = new Promise<void>((resolve) => (resolveExited = resolve));
    const run: ActiveRun = {
      handle,
      recorder,
      totalSteps: config.steps,
      finished: false,
      stopTimer: null,
      killedAfterStop: false,
      exited,
    };
    active.set(runId, run);
    setRunOwner(db, runId, ownerPid);

    handle.onMessage((message) => {
      try {
        handleMessage(runId, run, message);
      } catch (error) {
        console.error(`[runs] could not record a message from run ${runId}:`, error);
      }
    });
    handle.onExit((code, signal) => {
      if (run.stopTimer) clearTimeout(run.stopTimer);
      active.delete(runId);
      try {
        recorder.flush();
        if (run.killedAfterStop && !run.finished) {
          const reason = `The trainer did not stop within ${Math.ceil(stopGraceMs / 1000)} s and was ended. Resume continues from the last checkpoint.`;
          setStatus(runId, { status: 'stopped', reason });
        } else if (!run.finished) {
          setStatus(runId, { status: 'failed', reason: describeCrash(code, signal, handle.stderrTail()) });
        }
        setRunOwner(db, runId, null);
      } catch (error) {
        // The store may be closed already (a host closing without shutdown()); a trainer's exit must
        // not become an exception in the host. The next start-up marks the run interrupted.
        console.error(`[runs] could not record the end of run ${runId}:`, error);
      } finally {
        resolveExited();
      }
    });
    handle.send({
      type: 'start',
      runId,
      config,
      configHash,
      runDir: join(dataDir, 'runs', runId),
      datasetDir: config.dataset.kind === 'packed' ? join(dataDir, 'datasets', config.dataset.id) : null,
      resume,
    });
  };

  const handleMessage = (runId: string, run: ActiveRun, message: FromTrainer): void => {
    const runPath = (file: string): string => `runs/${runId}/${file}`;
    switch (message.type) {
      case 'started':
        // A resumed run restarts at its checkpoint, which may be before the step last recorded.
        run.recorder.record(message.step, []);
        run.recorder.flush();
        setStatus(runId, { status: 'running', backend: message.backend });
        return;
      case 'progress':
        run.recorder.record(message.step, message.points);
        events.emit('run.progress', {
          runId,
          step: message.step,
          totalSteps: run.totalSteps,
          imagesPerSecond: message.imagesPerSecond,
          metrics: { ...message.latest },
        });
        return;
      case 'sample': {
        const wallTime = Date.now() / 1000;
        const coverage = message.coverage;
        run.recorder.record(
          message.step,
          coverage
            ? [
                { name: 'modes_captured', step: message.step, value: coverage.modesCaptured, wallTime },
                { name: 'high_quality_pct', step: message.step, value: coverage.highQualityPct, wallTime },
              ]
            : [],
        );
        run.recorder.flush();
        insertSample(db, { runId, step: message.step, path: runPath(message.file) });
        events.emit('run.sample', { runId, step: message.step, path: runPath(message.file), coverage });
        return;
      }
      case 'checkpoint':
        run.recorder.flush();
        insertCheckpoint(db, {
          runId,
          step: message.step,
          path: runPath(message.folder),
          sizeBytes: message.sizeBytes,
        });
        return;
      case 'paused':
        setStatus(runId, { status: 'paused' });
        return;
      case 'resumed':
        setStatus(runId, { status: 'running' });
        return;
      case 'finished':
        run.finished = true;
        // A diverged run ends at the step whose metric stopped being finite; it has no progress report.
        if (message.step >= 0) run.recorder.record(message.step, []);
        run.recorder.flush();
        setStatus(runId, { status: message.status, reason: message.reason });
        return;
      case 'log':
        if (message.level === 'error') console.error(`[run ${runId}] ${message.message}`);
        return;
    }
  };

  const requireActive = (runId: string, action: string): ActiveRun => {
    const run = active.get(runId);
    if (run) return run;
    let known = getRun(db, runId);
    if (!known) throw new StudioError('not_found', `There is no run with id "${runId}".`);
    if (isLive(known.status)) {
      // Live but not here: its host is either alive elsewhere or died since this one started.
      interruptOrphans(db, events, isOwnerAlive);
      known = getRun(db, runId)!;
      if (isLive(known.status)) throw trainedElsewhere(known);
    }
    throw new StudioError('conflict', `Run "${known.name}" is ${known.status}, so it cannot ${action}.`);
  };

  return {
    async start({ name, config }) {
      const datasetDir =
        config.dataset.kind === 'packed' ? join(dataDir, 'datasets', config.dataset.id) : null;
      await checkStartable(config, datasetDir);
      // Deleted while the checks read its folder: the run's row could not refer to it.
      if (config.dataset.kind === 'packed' && !getDataset(db, config.dataset.id)) {
        throw new StudioError(
          'not_found',
          `The dataset "${config.dataset.name}" has been deleted. Import it again, or pick another one.`,
        );
      }
      const configHash = hashConfig(config);
      const run = insertRun(db, {
        name: name?.trim() || uniqueRunName(db, defaultRunName(config)),
        datasetId: config.dataset.kind === 'packed' ? config.dataset.id : null,
        recipe: `${config.architecture.preset} · ${config.objective}`,
        config,
        totalSteps: config.steps,
      });
      // Announced before the trainer can answer, so clients see queued → running in that order.
      events.emit('run.status', { runId: run.id, status: run.status, reason: null });
      launch(run.id, config, configHash, false);
      return getRun(db, run.id)!;
    },

    async resume(runId) {
      let running = active.get(runId);
      if (running?.finished) {
        // Its trainer has reported the end (the run reads stopped) but is still writing its last files
        // and exiting; it would ignore a resume. Wait for it, then a new trainer continues from the
        // checkpoint it wrote. Another resume may have launched that trainer meanwhile: look again.
        await running.exited;
        running = active.get(runId);
      }
      if (running) {
        // Sent whatever the recorded status: a pause the trainer has not yet confirmed is undone too
        // (resuming a trainer that is not paused does nothing).
        running.handle.send({ type: 'resume' });
        return getRun(db, runId)!;
      }
      // A host that died since this one started leaves its runs looking live; find out now.
      interruptOrphans(db, events, isOwnerAlive);
      const record = getRunRecord(db, runId);
      if (!record) throw new StudioError('not_found', `There is no run with id "${runId}".`);
      // Another live host trains it: a second trainer would write the same run folder.
      if (isLive(record.status)) throw trainedElsewhere(record);
      if (record.status === 'completed') {
        throw new StudioError(
          'conflict',
          `Run "${record.name}" has completed all ${record.totalSteps} steps.`,
        );
      }
      // A checkpoint folder can exist without a complete checkpoint in it (a write cut short).
      if (!latestCheckpointFolder(join(dataDir, 'runs', runId))) {
        throw new StudioError(
          'conflict',
          `Run "${record.name}" has no checkpoint to continue from (it stopped before its first one). Start a new run instead.`,
        );
      }
      const config = record.config as TrainingConfig;
      // Checked here, not in the trainer: there it would fail the run after it had been marked running.
      if (config.dataset.kind === 'packed' && !getDataset(db, config.dataset.id)) {
        throw new StudioError(
          'not_found',
          `Run "${record.name}" trained on the dataset "${config.dataset.name}", which has been deleted, so it cannot continue. Its metrics, samples and checkpoints are kept: export images or its generator, or start a new run on another dataset.`,
        );
      }
      setStatus(runId, { status: 'queued' });
      launch(runId, config, record.configHash, true);
      return getRun(db, runId)!;
    },

    pause(runId) {
      requireActive(runId, 'be paused').handle.send({ type: 'pause' });
      return getRun(db, runId)!;
    },

    stop(runId) {
      const run = requireActive(runId, 'be stopped');
      run.handle.send({ type: 'stop' });
      // A trainer that does not finish its step and checkpoint in time is killed.
      run.stopTimer ??= setTimeout(() => {
        run.killedAfterStop = true;
        run.handle.kill();
      }, stopGraceMs);
      return getRun(db, runId)!;
    },

    sampleNow(runId) {
      requireActive(runId, 'make a sample now').handle.send({ type: 'sample-now' });
      return getRun(db, runId)!;
    },

    whenExited: (runId) => active.get(runId)?.exited ?? Promise.resolve(),
    isActive: (runId) => active.has(runId),

    async shutdown() {
      const runs = [...active.entries()];
      for (const [runId] of runs) this.stop(runId);
      await Promise.all(runs.map(([, run]) => run.exited));
    },
  };
}

function trainedElsewhere(run: RunSummary): StudioError {
  return new StudioError(
    'conflict',
    `Run "${run.name}" is ${run.status} in another GAN Studio process (another window, server or \`gan-studio train\`). Control it there, or close that one; the run can then be resumed here.`,
  );
}

function defaultRunName(config: TrainingConfig): string {
  return `${config.dataset.name} · ${config.architecture.preset} · ${config.objective}`;
}

function describeCrash(code: number | null, signal: string | null, stderr: string): string {
  const { how, lastOutput } = describeExit(code, signal, stderr);
  const hint =
    signal === 'SIGKILL'
      ? ' This is often the system running out of memory: try a smaller batch size or model.'
      : '';
  return `The trainer process ${how} before finishing.${hint} Resume continues from the last checkpoint.${lastOutput}`;
}
