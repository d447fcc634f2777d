import type { FromTrainer, ToTrainer } from '../core/runs/trainer-protocol';

/**
 * The trainer's line to the host that started it: Node's IPC channel when forked by the server or CLI
 * host (`process.send`), Electron's `process.parentPort` when started as a utility process.
 */
export interface ParentChannel {
  send(message: FromTrainer): void;
  onMessage(listener: (message: ToTrainer) => void): void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

export function connectToParent(): ParentChannel {
  const parentPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      send: (message) => parentPort.postMessage(message),
      onMessage: (listener) => parentPort.on('message', (event) => listener(event.data as ToTrainer)),
    };
  }
  if (!process.send) {
    throw new Error(
      'The trainer runs as a child of the studio (it has no IPC channel when started by hand).',
    );
  }
  return {
    send: (message) => process.send?.(message),
    onMessage: (listener) => process.on('message', (message) => listener(message as ToTrainer)),
  };
}
