import { app, session, shell, type WebContents } from 'electron';
import { isAppUrl } from './app-origin';

/**
 * Electron's security checklist, applied to every web contents the app ever creates: no navigation
 * away from the app, no new windows (http(s) links open in the person's browser instead), no
 * <webview>, and every permission request (camera, notifications, …) denied.
 */
export function registerSecurityPolicies(devServerUrl: string | undefined): void {
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}
