import { StudioError } from '../../shared/api/errors';
import { describeExit, type SpawnTrainer } from '../runs/trainer-handle';
import type { FromTrainer } from '../runs/trainer-protocol';
import { EXPORT_CANCELLED, type ExportJob } from './export-job';

export type ExportOutcome = Omit<Extract<FromTrainer, { type: 'exported' }>, 'type'>;

export interface ExportProcessOptions {
  readonly signal: AbortSignal;
  onProgress(done: number, total: number): void;
  /** How long a cancelled export may take to stop before its process is killed. */
  readonly stopGraceMs?: number;
}

/**
 * Runs one export job in a process of its own (the trainer script in its export mode), so tfjs never
 * runs on the host's event loop and a crash or out-of-memory there fails this export, never the host.
 * Cancel is a `stop` message first (the process stops between files), a kill after a grace period.
 * Settles only once the process has exited, so nothing writes into the job's folder afterwards.
 */
export function runExportProcess(
  spawn: SpawnTrainer,
  job: ExportJob,
  options: ExportProcessOptions,
): Promise<ExportOutcome> {
  const { signal } = options;
  return new Promise((resolve, reject) => {
    let handle: ReturnType<SpawnTrainer>;
    try {
      handle = spawn();
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      reject(new StudioError('unavailable', `The export process could not be started: ${detail}`));
      return;
    }
    let outcome: ExportOutcome | null = null;
    let failure: Extract<FromTrainer, { type: 'finished' }> | null = null;
    let killTimer: ReturnType<typeof setTimeout> | undefined;
    const stop = (): void => {
      handle.send({ type: 'stop' });
      killTimer = setTimeout(() => handle.kill(), options.stopGraceMs ?? 5000);
    };
    signal.addEventListener('abort', stop, { once: true });

    handle.onMessage((message) => {
      switch (message.type) {
        case 'export-progress':
          options.onProgress(message.done, message.total);
          return;
        case 'exported': {
          const { files, backend, averaged } = message;
          outcome = { files, backend, averaged };
          return;
        }
        case 'finished':
          if (message.status === 'failed') failure = message;
          return;
        case 'log':
          if (message.level === 'error') console.error(`[export] ${message.message}`);
          return;
      }
    });
    handle.onExit((code, exitSignal) => {
      clearTimeout(killTimer);
      signal.removeEventListener('abort', stop);
      if (signal.aborted) reject(new StudioError('cancelled', EXPORT_CANCELLED));
      else if (outcome) resolve(outcome);
      else if (failure?.code) reject(new StudioError(failure.code, failure.reason ?? 'The export failed.'));
      else if (failure) reject(new StudioError('internal', `The export failed: ${failure.reason}`));
      else {
        const { how, lastOutput } = describeExit(code, exitSignal, handle.stderrTail());
        const sentence = `The export process ${how} before finishing; nothing was written.${lastOutput}`;
        reject(new StudioError('internal', sentence));
      }
    });
    handle.send({ type: 'export', job });
    if (signal.aborted) stop();
  });
}
