/**
 * The desktop window's own origin: a custom standard, secure scheme instead of `file://`. Kept free of
 * Electron imports so the trust checks built on it can be unit-tested without the Electron binary.
 */
export const APP_SCHEME = 'studio';
export const APP_ORIGIN = `${APP_SCHEME}://app`;

/**
 * `scheme://host[:port]`. Not `URL.origin`: Node's URL (used in Electron's main process) reports the
 * origin of any non-special scheme such as `studio:` as "null", which would match nothing — or,
 * compared carelessly, everything.
 */
function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : null;
  } catch {
    return null;
  }
}

/** The app's pages: its own origin, plus the dev server's while developing. */
export function isAppUrl(url: string | undefined, devServerUrl: string | undefined): boolean {
  if (!url) return false;
  const origin = originOf(url);
  return (
    origin !== null &&
    (origin === APP_ORIGIN || (devServerUrl !== undefined && origin === originOf(devServerUrl)))
  );
}
