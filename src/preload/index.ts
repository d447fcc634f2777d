import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { createStudioClient, type StudioTransport } from '../shared/api/client';
import { isEventName } from '../shared/api/contract';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type DesktopBridge } from '../shared/api/ipc';
import type { Result } from '../shared/api/errors';

/**
 * Exposes `window.studio`: the contract's named functions (`studio.runs.list()`, `studio.on(…)`), and
 * `window.studioDesktop` (DesktopBridge) — nothing else: no ipcRenderer, no Node. Runs sandboxed with
 * context isolation.
 */
const transport: StudioTransport = {
  invoke: (method, input) =>
    ipcRenderer.invoke(IPC_INVOKE_CHANNEL, method, input) as Promise<Result<unknown>>,
  subscribe(event, listener) {
    if (!isEventName(event)) throw new TypeError(`Unknown studio event ${String(event)}`);
    const relay = (_: IpcRendererEvent, name: unknown, payload: unknown): void => {
      if (name === event) listener(payload);
    };
    ipcRenderer.on(IPC_EVENT_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, relay);
    };
  },
};

contextBridge.exposeInMainWorld('studio', createStudioClient(transport));

const desktop: DesktopBridge = {
  // A dropped File arrives here as a structured clone, still a File of this world; anything else the
  // page passes gets '' rather than an exception.
  pathForFile: (file) => (file instanceof File ? webUtils.getPathForFile(file) : ''),
};

contextBridge.exposeInMainWorld('studioDesktop', desktop);
