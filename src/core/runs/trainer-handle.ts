import { fork } from 'node:child_process';
import type { FromTrainer, ToTrainer } from './trainer-protocol';

/**
 * A running trainer process as the supervisor sees it. Hosts provide the spawner: Node's
 * child_process.fork for the server and CLI (`forkTrainer`), Electron's utilityProcess for the app.
 */
export interface TrainerHandle {
  send(message: ToTrainer): void;
  onMessage(listener: (message: FromTrainer) => void): void;
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

/** The Node spawner: `node out/node/trainer.js` with an IPC channel. */
export function forkTrainer(trainerScript: string): SpawnTrainer {
  return () => {
    const child = fork(trainerScript, [], {
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const tail = createTail();
    child.stderr?.on('data', (chunk: Buffer) => tail.push(chunk));
    return {
      send: (message) => {
        if (child.connected) child.send(message);
      },
      onMessage: (listener) => child.on('message', (message) => listener(message as FromTrainer)),
      onExit: (listener) => child.once('exit', listener),
      stderrTail: () => tail.text(),
      kill: () => child.kill('SIGKILL'),
    };
  };
}
