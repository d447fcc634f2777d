import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import type { StudioApi } from '../../shared/api/client';
import type { EventName, EventPayload } from '../../shared/api/contract';
import type { RunStatus, RunSummary } from '../../shared/api/dto';
import type { Result } from '../../shared/api/errors';
import { createPreset } from '../../shared/engine/architecture';
import { buildTrainingConfig } from '../../shared/engine/recipes';
import type { TrainingConfig } from '../../shared/engine/training-config';
import { createInProcessClient } from '../api/in-process-client';
import { createTempStudio } from '../testing/temp-studio';
import type { Studio } from '../studio';
import { forkTrainer, type SpawnTrainer, type TrainerHandle } from './trainer-handle';

/**
 * Test-only helpers for the supervisor's integration tests: a real studio in a temporary data folder
 * whose runs start real trainer processes (the bundle vitest's global setup builds), tiny configs, and
 * waits that poll instead of sleeping — trainer processes take a second or two to start on a busy
 * machine, so every wait is generous and ends as soon as its condition holds.
 */

/** A bound on every wait: far above what a tiny run needs, even on a loaded 2-core machine. */
export const WAIT_MS = 60_000;
const POLL_MS = 20;

/** The events runs emit (the studio's others, such as dataset.progress, are not recorded). */
export type RunEventName = Extract<EventName, `run.${string}`>;

export type RecordedEvent = {
  [E in RunEventName]: { readonly name: E; readonly payload: EventPayload<E> };
}[RunEventName];

const isRunEvent = (name: EventName): name is RunEventName => name.startsWith('run.');

export interface TrainingStudio {
  readonly studio: Studio;
  readonly client: StudioApi;
  readonly dataDir: string;
  /** Every run event the studio emitted, in order. */
  readonly events: readonly RecordedEvent[];
  /** Every trainer the supervisor spawned, in order. */
  readonly trainers: readonly TrainerHandle[];
  /** Replaces how later runs start their trainer (a fake that crashes, say). */
  useSpawner(spawn: SpawnTrainer): void;
  /** Stops its trainers gracefully and closes the store; removes the folder unless it was given. */
  dispose(): Promise<void>;
}

/** The real trainer process, built by the global setup (src/core/testing/trainer-bundle.ts). */
export function realTrainer(): SpawnTrainer {
  return forkTrainer(inject('trainerScript'));
}

export function createTrainingStudio(options: { readonly dataDir?: string } = {}): TrainingStudio {
  let spawn = realTrainer();
  const trainers: TrainerHandle[] = [];
  const studio = createTempStudio('server', {
    ...(options.dataDir ? { dataDir: options.dataDir } : {}),
    spawnTrainer: () => {
      const handle = spawn();
      trainers.push(handle);
      return handle;
    },
  });
  const events: RecordedEvent[] = [];
  const unsubscribe = studio.events.subscribe((name, payload) => {
    if (isRunEvent(name)) events.push({ name, payload } as RecordedEvent);
  });
  return {
    studio,
    client: createInProcessClient(studio),
    dataDir: studio.dataDir,
    events,
    trainers,
    useSpawner: (next) => (spawn = next),
    async dispose() {
      unsubscribe();
      await studio.shutdown();
      studio.dispose();
    },
  };
}

const RING8 = { kind: 'builtin-points', id: 'ring8', name: 'ring8', numClasses: 0 } as const;

/**
 * ring8 on a 16-unit MLP, batch 32, on the cpu backend: about a hundred steps a second once warm, so a
 * run costs little more than its process start. Snapshots hold 256 points instead of 2,500.
 */
export function tinyRing8Config(
  options: { steps?: number; sampleEvery?: number; checkpointEvery?: number } = {},
): TrainingConfig {
  const steps = options.steps ?? 40;
  const config = buildTrainingConfig(RING8, {
    steps,
    batchSize: 32,
    backend: 'cpu',
    sampleEvery: options.sampleEvery ?? Math.max(1, Math.floor(steps / 2)),
    checkpointEvery: options.checkpointEvery ?? Math.max(1, Math.floor(steps / 2)),
  });
  return {
    ...config,
    architecture: createPreset('mlp', { data: 'points', baseWidth: 16 }),
    sampleCount: 256,
  };
}

/** The value of an ok result; a failed one fails the test with its code and sentence. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Polls until `check` answers something other than undefined/false; fails with `what` after WAIT_MS. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = WAIT_MS,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Waits for the run to reach one of `statuses` (from the store, as any client would see it). */
export async function waitForStatus(
  studio: TrainingStudio,
  runId: string,
  ...statuses: RunStatus[]
): Promise<RunSummary> {
  let last: RunSummary | null = null;
  try {
    return await waitFor(`run ${runId} to be ${statuses.join(' or ')}`, async () => {
      last = unwrap(await studio.client.runs.get({ id: runId }));
      return statuses.includes(last.status) ? last : undefined;
    });
  } catch (error) {
    throw new Error(`${(error as Error).message}; it is ${JSON.stringify(last)}`, { cause: error });
  }
}

/**
 * Calls `act` from inside the event bus on the next `name` event of any run that `when` accepts, once:
 * the host answers at once, so a stop or pause lands within a step or two of it whatever the machine's
 * load, and a control sent on a status change arrives before anything else has happened.
 */
export function onNextEvent<E extends RunEventName>(
  studio: TrainingStudio,
  name: E,
  act: (payload: EventPayload<E>) => void,
  when: (payload: EventPayload<E>) => boolean = () => true,
): void {
  const unsubscribe = studio.studio.events.subscribe((eventName: EventName, payload: unknown) => {
    if (eventName !== name || !when(payload as EventPayload<E>)) return;
    unsubscribe();
    act(payload as EventPayload<E>);
  });
}

/** `act(runId)` on the next progress event of any run (see onNextEvent). */
export function onNextProgress(studio: TrainingStudio, act: (runId: string) => void): void {
  onNextEvent(studio, 'run.progress', ({ runId }) => act(runId));
}

export function eventsOf<E extends RunEventName>(
  studio: TrainingStudio,
  name: E,
  runId: string,
): EventPayload<E>[] {
  return studio.events
    .filter((event) => event.name === name && event.payload.runId === runId)
    .map((event) => event.payload as EventPayload<E>);
}

/**
 * A stand-in trainer process (no tfjs): `onStart` is the body of its handler for the `start` message,
 * after it has answered `started` like the real one. Answers the spawner and a cleanup.
 */
export function fakeTrainer(
  onStart: string,
  startMessage: 'start' | 'playground' = 'start',
): { spawn: SpawnTrainer; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'gan-studio-fake-trainer-'));
  const script = join(dir, 'fake-trainer.mjs');
  writeFileSync(
    script,
    `process.on('message', (message) => {
  if (message.type !== '${startMessage}') return;
  process.send({ type: 'started', backend: 'cpu', backendDetail: 'fake', step: 0 });
  ${onStart}
});
`,
  );
  return { spawn: forkTrainer(script), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A trainer that crashes once started (as a run, or as the playground): two lines on stderr, then exit code `exitCode`. */
export function crashingTrainer(
  exitCode: number,
  startMessage: 'start' | 'playground' = 'start',
): { spawn: SpawnTrainer; cleanup(): void } {
  return fakeTrainer(
    `process.stderr.write('loading the dataset\\nRangeError: out of cheese at step 7\\n');
  process.exit(${exitCode});`,
    startMessage,
  );
}

/** A trainer stuck in a step: it ignores every later message (a stop too) and never ends by itself. */
export function hangingTrainer(): { spawn: SpawnTrainer; cleanup(): void } {
  return fakeTrainer(`setInterval(() => undefined, 1000);`);
}

/** The pid of a process that has exited (and been reaped): an owner that is certainly gone. */
export function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
  if (child.pid === undefined) throw new Error('could not start a short-lived process');
  return child.pid;
}

/** Alive and not a zombie (an exited child nobody has reaped yet still answers `kill(pid, 0)`). */
export function isRunningProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    // Gone in between, or no /proc (macOS): kill(pid, 0) has answered.
    return existsSync(`/proc/${pid}`) || !existsSync('/proc');
  }
  // The state letter follows the parenthesised command name, which may itself hold spaces.
  const close = stat.lastIndexOf(')');
  return stat.slice(close + 2, close + 3) !== 'Z';
}
