import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { resolveMediaPath, resolveUrlPathInside } from '../core/fs/resolve-inside';
import { APP_SCHEME } from './app-origin';
import { buildContentSecurityPolicy } from '../shared/security/content-security-policy';

/**
 * `studio://app/…` serves the built renderer and `studio://media/…` serves images from the data
 * directory (thumbnails, sample grids: only what `isMediaPath` accepts — never the store or anything
 * else). The window never loads `file://`: a custom standard, secure scheme gives the app its own
 * origin, and a request can only reach files inside those two places.
 */
const CONTENT_SECURITY_POLICY = buildContentSecurityPolicy({ extraImageSources: [`${APP_SCHEME}://media`] });

/** Must run before `app` is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

export function registerAppProtocol(rendererDir: string, dataDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    const path = url.pathname === '/' ? '/index.html' : url.pathname;
    const file =
      url.host === 'app'
        ? resolveUrlPathInside(rendererDir, path)
        : url.host === 'media'
          ? resolveMediaPath(dataDir, url.pathname.slice(1))
          : null;
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString()).catch(() => null);
    if (!response?.ok) return new Response('Not found', { status: 404 });
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: 200, headers });
  });
}
