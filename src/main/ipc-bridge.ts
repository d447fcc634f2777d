import { BrowserWindow, ipcMain } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../shared/api/ipc';
import type { Studio } from '../core/studio';
import { isAppUrl } from './app-origin';

/**
 * The Electron half of the contract: one handler for every invoke (validated in `studio.invoke`, like
 * every host edge) and one relay that pushes every studio event to every window.
 */
export function registerIpcBridge(studio: Studio, devServerUrl: string | undefined): () => void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, (event, method: unknown, input: unknown) => {
    // Only the app's own top-level page may call: not an iframe, not a page it was navigated to.
    if (!isAppUrl(event.senderFrame?.url, devServerUrl) || event.senderFrame?.parent) {
      return {
        ok: false,
        error: { code: 'unauthorized', message: 'This page is not allowed to talk to the studio.' },
      };
    }
    return studio.invoke(method, input);
  });

  const unsubscribe = studio.events.subscribe((name, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(IPC_EVENT_CHANNEL, name, payload);
    }
  });

  return () => {
    unsubscribe();
    ipcMain.removeHandler(IPC_INVOKE_CHANNEL);
  };
}
