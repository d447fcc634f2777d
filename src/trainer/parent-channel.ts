import type { FromTrainer, ToTrainer } from '../core/runs/trainer-protocol';

/**
 * The trainer's line to the host that started it: Node's IPC channel when forked by the server or CLI
 * host (`process.send`), Electron's `process.parentPort` when started as a utility process.
 */
export interface ParentChannel {
  send(message: FromTrainer): void;
  onMessage(listener: (message: ToTrainer) => void): void;
  /**
   * Resolves once every message sent so far has left this process, so the last one (`finished`) is not
   * lost to the exit that follows it.
   */
  flush(): Promise<void>;
  /** Called once if the host goes away (crashed or killed): nobody is left to report to. */
  onHostGone(listener: () => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

/** Electron gives no completion signal for postMessage; a moment lets the last message leave. */
const PARENT_PORT_FLUSH_MS = 50;

export function connectToParent(): ParentChannel {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ToTrainer)),
      flush: () => new Promise((resolve) => setTimeout(resolve, PARENT_PORT_FLUSH_MS)),
      // Electron ends a utility process together with the app that started it.
      onHostGone: () => undefined,
    };
  }
  const send = process.send?.bind(process);
  if (!send) {
    throw new Error(
      'The trainer runs as a child of the studio (it has no IPC channel when started by hand).',
    );
  }
  // Messages are written in order, so the newest one's completion means all have left.
  let lastWrite: Promise<void> = Promise.resolve();
  return {
    send: (message) => {
      // The callback form: a write to a closed channel answers an error here instead of throwing an
      // 'error' event at the process (which would end it as a crash of its own).
      lastWrite = new Promise((resolve) => send(message, undefined, undefined, () => resolve()));
    },
    onMessage: (listener) => process.on('message', (message) => listener(message as ToTrainer)),
    flush: () => lastWrite,
    onHostGone: (listener) => process.once('disconnect', listener),
  };
}
