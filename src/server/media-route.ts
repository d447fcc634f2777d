import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname } from 'node:path';
import { MEDIA_ROUTE } from '../shared/api/media';
import { resolveMediaPath } from '../core/fs/resolve-inside';

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.json': 'application/json; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
};

/**
 * A file is written once under its name (a resumed run that samples a step again draws it from the same
 * fixed noise), and the URL carries the token, which changes each start: a day in the tab's own cache
 * is safe, and shared caches must not keep it.
 */
const CACHE_CONTROL = 'private, max-age=86400';

/**
 * `/media/runs/r1/samples/5.png?token=…` → `runs/r1/samples/5.png`, still percent-encoded and with any
 * `..` as sent; null for other request targets.
 */
export function rawMediaPath(requestTarget: string | undefined): string | null {
  const pathname = (requestTarget ?? '').split('?', 1)[0] ?? '';
  return pathname.startsWith(`${MEDIA_ROUTE}/`) ? pathname.slice(MEDIA_ROUTE.length + 1) : null;
}

/**
 * `GET|HEAD /media/<path relative to the data directory>`: dataset previews, sample grids and the files
 * of exports in the data directory, as the UI's <img> tags and download links load them. server.ts has checked the Host header and the token (query parameter: an
 * <img> cannot send a header). Anything `resolveMediaPath` refuses — the store, manifests, checkpoints,
 * other extensions, `..` in any spelling — is 404, as is a media path with no file behind it.
 */
export async function handleMediaRequest(
  dataDir: string,
  request: IncomingMessage,
  response: ServerResponse,
  rawRelativePath: string,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const file = resolveMediaPath(dataDir, rawRelativePath);
  const info = file ? await stat(file).catch(() => null) : null;
  if (!file || !info?.isFile()) {
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  response.writeHead(200, {
    'Content-Type': MEDIA_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
    'Cache-Control': CACHE_CONTROL,
  });
  if (request.method === 'HEAD') {
    response.end();
    return;
  }
  createReadStream(file)
    .on('error', (error) => response.destroy(error))
    .pipe(response);
}
