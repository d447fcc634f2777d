import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import { resolveUrlPathInside } from '../core/fs/resolve-inside';
import { buildContentSecurityPolicy } from '../shared/security/content-security-policy';

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
};

/** `hostHeader` has been checked by the caller; the page may open a WebSocket to this server only. */
export function setSecurityHeaders(response: ServerResponse, hostHeader: string | undefined): void {
  const ownSocket = hostHeader && /^[\w.\-[\]:]+$/.test(hostHeader) ? [`ws://${hostHeader}`] : [];
  response.setHeader(
    'Content-Security-Policy',
    buildContentSecurityPolicy({ extraConnectSources: ownSocket }),
  );
  response.setHeader('X-Content-Type-Options', 'nosniff');
  response.setHeader('Referrer-Policy', 'no-referrer');
  response.setHeader('X-Frame-Options', 'DENY');
  response.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
}

/**
 * Serves the built renderer. The app is one page with hash routing, so unknown paths fall back to
 * index.html; paths are resolved inside `root` only (no `..` escapes).
 */
export async function serveStatic(root: string, pathname: string, response: ServerResponse): Promise<void> {
  let file = resolveUrlPathInside(root, pathname);
  if (!file) {
    response.writeHead(404).end();
    return;
  }
  let info = await stat(file).catch(() => null);
  if (!info?.isFile()) {
    file = join(root, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!info?.isFile()) {
    response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
    response.end('The studio UI is not built. Run `npm run build` in the GAN Studio folder, then reload.');
    return;
  }
  const isHtml = file.endsWith('.html');
  response.writeHead(200, {
    'Content-Type': MIME_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
    // Built assets carry content hashes in their names; the page itself must always be fresh.
    'Cache-Control': isHtml ? 'no-cache' : 'public, max-age=31536000, immutable',
  });
  createReadStream(file).pipe(response);
}
