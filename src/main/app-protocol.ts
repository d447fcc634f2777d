import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';
import { resolveUrlPathInside } from '../core/fs/resolve-inside';
import { APP_SCHEME } from './app-origin';
import { buildContentSecurityPolicy } from '../shared/security/content-security-policy';

/**
 * `studio://app/…` serves the built renderer and `studio://media/…` serves images from the data
 * directory (thumbnails, sample grids). The window never loads `file://`: a custom standard, secure
 * scheme gives the app its own origin, and a request can only reach files inside those two folders.
 */
/** The media host exposes images under datasets/ and runs/ only — never the store or anything else. */
const MEDIA_PATH = /^\/(datasets|runs)\/[^\0]+\.(png|jpe?g|webp|gif)$/i;
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
    const isMedia = url.host === 'media' && MEDIA_PATH.test(url.pathname);
    const root = url.host === 'app' ? rendererDir : isMedia ? dataDir : null;
    const path = url.pathname === '/' ? '/index.html' : url.pathname;
    const file = root ? resolveUrlPathInside(root, path) : null;
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).toString()).catch(() => null);
    if (!response?.ok) return new Response('Not found', { status: 404 });
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: 200, headers });
  });
}
