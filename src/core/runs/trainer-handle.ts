import { fork } from 'node:child_process';
import type { FromTrainer, ToTrainer } from './trainer-protocol';

/**
 * A running trainer process as the supervisor sees it. Hosts provide the spawner: Node's
 * child_process.fork for the server and CLI (`forkTrainer`), Electron's utilityProcess for the app.
 */
export interface TrainerHandle {
  /** Never throws: a message to a process that is already ending is dropped (its exit tells the rest). */
  send(message: ToTrainer): void;
  onMessage(listener: (message: FromTrainer) => void): void;
  /** Called once, after every message the process sent has been delivered. */
  onExit(listener: (code: number | null, signal: string | null) => void): void;
  /** The last lines the process wrote to stderr (for a crash report). */
  stderrTail(): string;
  kill(): void;
}

export type SpawnTrainer = () => TrainerHandle;

const STDERR_TAIL_BYTES = 4000;

/** Keeps the last few KiB of a stream, to explain a crash in one glance. */
export function createTail(): { push(chunk: Buffer | string): void; text(): string } {
  let tail = '';
  return {
    push(chunk) {
      tail = (tail + chunk.toString()).slice(-STDERR_TAIL_BYTES);
    },
    text: () => tail.trim(),
  };
}

/** How a process ended and its last lines, for a sentence about a crash: "exited with code 3", " Its last output: …". */
export function describeExit(
  code: number | null,
  signal: string | null,
  stderrTail: string,
): { how: string; lastOutput: string } {
  return {
    how: signal ? `was killed by ${signal}` : `exited with code ${code}`,
    lastOutput: stderrTail ? ` Its last output: ${stderrTail.split('\n').slice(-5).join(' | ')}` : '',
  };
}

/** The Node spawner: `node out/node/trainer.js` with an IPC channel. */
export function forkTrainer(trainerScript: string): SpawnTrainer {
  return () => {
    const child = fork(trainerScript, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const tail = createTail();
    child.stderr?.on('data', (chunk: Buffer) => tail.push(chunk));
    const exitListeners: ((code: number | null, signal: string | null) => void)[] = [];
    let exited = false;
    const reportExit = (code: number | null, signal: string | null): void => {
      if (exited) return;
      exited = true;
      for (const listener of exitListeners) listener(code, signal);
    };
    // 'close', not 'exit': 'exit' can come before the last IPC messages and stderr lines are read, and
    // the supervisor would then judge a finished run as crashed, or explain a crash without its output.
    child.once('close', reportExit);
    // Without a listener an 'error' event (a send racing the process's exit, a failed spawn) would be
    // thrown in the host. A spawn that failed never closes, so it is reported as the exit here.
    child.on('error', (error) => {
      tail.push(`\n${error.message}`);
      if (child.pid === undefined) reportExit(null, null);
    });
    return {
      send: (message) => {
        // The callback form reports a failed write to it instead of as an 'error' event.
        if (child.connected) child.send(message, () => undefined);
      },
      onMessage: (listener) => child.on('message', (message) => listener(message as FromTrainer)),
      onExit: (listener) => exitListeners.push(listener),
      stderrTail: () => tail.text(),
      kill: () => child.kill('SIGKILL'),
    };
  };
}
