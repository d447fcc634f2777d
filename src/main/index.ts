import { app } from 'electron';
import { registerAppProtocol, registerAppScheme } from './app-protocol';
import { openElectronStudio } from './electron-studio';
import { registerIpcBridge } from './ipc-bridge';
import { createMainWindow, preloadPathFrom } from './main-window';
import { registerSecurityPolicies } from './security';

// Boot only: each feature registers itself; IPC and the protocol are ready before the window loads.
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const mainDir = import.meta.dirname;
const rendererDir = `${mainDir}/../renderer`;

registerAppScheme();
app.enableSandbox();

if (!app.requestSingleInstanceLock()) app.quit();

void app.whenReady().then(() => {
  registerSecurityPolicies(devServerUrl);
  const studio = openElectronStudio();
  if (!studio) {
    app.quit();
    return;
  }
  registerAppProtocol(rendererDir, studio.dataDir);
  registerIpcBridge(studio, devServerUrl);
  let window = createMainWindow(preloadPathFrom(mainDir), devServerUrl);

  app.on('second-instance', () => {
    if (window.isDestroyed()) window = createMainWindow(preloadPathFrom(mainDir), devServerUrl);
    if (window.isMinimized()) window.restore();
    window.focus();
  });
  app.on('activate', () => {
    if (window.isDestroyed()) window = createMainWindow(preloadPathFrom(mainDir), devServerUrl);
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  // Stop training runs gracefully (each checkpoints) before the store closes.
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    void studio.shutdown().finally(() => app.quit());
  });
});
