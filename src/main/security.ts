import { app, session, shell, type WebContents } from 'electron';
import { APP_ORIGIN } from './app-protocol';

/**
 * Electron's security checklist, applied to every web contents the app ever creates: no navigation
 * away from the app, no new windows (http(s) links open in the person's browser instead), no
 * <webview>, and every permission request (camera, notifications, …) denied.
 */
export function registerSecurityPolicies(devServerUrl: string | undefined): void {
  const allowedOrigins = new Set([APP_ORIGIN, ...(devServerUrl ? [new URL(devServerUrl).origin] : [])]);
  const isAppUrl = (url: string): boolean => {
    try {
      return allowedOrigins.has(new URL(url).origin);
    } catch {
      return false;
    }
  };

  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      if (url.startsWith('https://')) void shell.openExternal(url);
      return { action: 'deny' };
    });
  });
}

/** IPC is accepted only from the app's own top-level page, never from an iframe or another origin. */
export function isTrustedSender(frameUrl: string | undefined, devServerUrl: string | undefined): boolean {
  if (!frameUrl) return false;
  try {
    const origin = new URL(frameUrl).origin;
    return origin === APP_ORIGIN || (devServerUrl !== undefined && origin === new URL(devServerUrl).origin);
  } catch {
    return false;
  }
}
