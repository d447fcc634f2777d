import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WS_PATH, TOKEN_PARAM } from '../shared/api/wire';
import type { Studio } from '../core/studio';
import { createAccessToken, isAllowedHostHeader, isAuthorized } from './auth';
import { handleApiRequest, sendResult } from './http-api';
import { handleMediaRequest, rawMediaPath } from './media-route';
import { serveStatic, setSecurityHeaders } from './static-files';
import { handleUploadRequest, isUploadRoute } from './upload-route';
import { createWebSocketBridge } from './ws-bridge';

export interface ServerOptions {
  readonly studio: Studio;
  /** Folder of the built renderer (out/renderer). */
  readonly rendererDir: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** A fixed token (scripts, tests); by default a new random one each start. */
  readonly token?: string;
}

export interface RunningServer {
  readonly url: string;
  /** The URL to open: the page reads the token from it, keeps it for the tab and hides it. */
  readonly openUrl: string;
  readonly token: string;
  readonly port: number;
  close(): Promise<void>;
}

const UNAUTHORIZED = {
  ok: false,
  error: {
    code: 'unauthorized',
    message:
      'This request has no valid access token. Send it as `Authorization: Bearer <token>` or as the `token` query parameter; `gan-studio serve` prints it.',
  },
} as const;

/**
 * The server host: the built renderer, the HTTP API, media from the data directory (/media) and the
 * WebSocket bridge on one port. Loopback by default; every API call, media file and the WebSocket need
 * the token. Static files do not — they hold no data, and the page must load before it can read the
 * token from its own URL.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? createAccessToken();
  const bridge = createWebSocketBridge(options.studio);

  const onRequest = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://studio.invalid');
    const hostAllowed = isAllowedHostHeader(request.headers.host, host);
    setSecurityHeaders(response, hostAllowed ? request.headers.host : undefined);
    if (!hostAllowed) {
      response.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end(
        'This server only answers requests addressed to its loopback name (localhost or 127.0.0.1).',
      );
      return;
    }
    const isApi = url.pathname === '/api' || url.pathname.startsWith('/api/');
    // Media is judged on the path as sent: URL parsing would already have resolved `..` and `%2e%2e`.
    const mediaPath = isApi ? null : rawMediaPath(request.url);
    if (isApi || mediaPath !== null) {
      if (!isAuthorized(request, url, token)) {
        // Not worth reading a refused upload's body to its end just to keep the connection open.
        if (hasBody(request)) response.setHeader('Connection', 'close');
        sendResult(response, UNAUTHORIZED);
        return;
      }
      if (mediaPath !== null) {
        await handleMediaRequest(options.studio.dataDir, request, response, mediaPath);
        return;
      }
      // Uploads stream their body to disk; the generic route reads small JSON bodies whole.
      if (isUploadRoute(url.pathname)) {
        await handleUploadRequest(options.studio, request, response, url);
        return;
      }
      await handleApiRequest(options.studio, request, response, url);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    await serveStatic(options.rendererDir, url.pathname, response);
  };

  const server = createServer((request, response) => {
    onRequest(request, response).catch((error: unknown) => {
      console.error('[server] request failed:', error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://studio.invalid');
    const refuse = (status: string): void => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    if (url.pathname !== WS_PATH) return refuse('404 Not Found');
    if (!isAllowedHostHeader(request.headers.host, host)) return refuse('421 Misdirected Request');
    if (!isAuthorized(request, url, token)) return refuse('401 Unauthorized');
    bridge.wss.handleUpgrade(request, socket, head, (ws) => bridge.wss.emit('connection', ws, request));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}/`;
  return {
    url,
    openUrl: `${url}?${TOKEN_PARAM}=${token}`,
    token,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        bridge.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function hasBody(request: IncomingMessage): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}
