import { utilityProcess } from 'electron';
import { createTail, type SpawnTrainer } from '../core/runs/trainer-handle';
import type { FromTrainer } from '../core/runs/trainer-protocol';

/**
 * The desktop app's trainer spawner: Electron's utilityProcess (a Node process Chromium manages, so a
 * crash or out-of-memory in training never takes the window down). Same script as the server's.
 */
export function utilityTrainer(trainerScript: string): SpawnTrainer {
  return () => {
    const child = utilityProcess.fork(trainerScript, [], {
      serviceName: 'GAN Studio trainer',
      stdio: 'pipe',
    });
    const tail = createTail();
    child.stderr?.on('data', (chunk: Buffer) => tail.push(chunk));
    let alive = true;
    child.once('exit', () => (alive = false));
    return {
      send: (message) => {
        if (alive) child.postMessage(message);
      },
      onMessage: (listener) => child.on('message', (message: unknown) => listener(message as FromTrainer)),
      // utilityProcess reports an exit code only; a crash shows up as a non-zero code.
      onExit: (listener) => child.once('exit', (code: number) => listener(code, null)),
      stderrTail: () => tail.text(),
      kill: () => {
        child.kill();
      },
    };
  };
}
