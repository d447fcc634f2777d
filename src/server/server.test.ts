import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createTempStudio } from '../core/testing/temp-studio';
import type { ServerMessage } from '../shared/api/wire';
import { rawGet } from './raw-get';
import { startServer, type RunningServer } from './server';

/** Real server, real sockets, real SQLite store: only the renderer is a two-file stand-in folder. */
describe('server host', () => {
  const studio = createTempStudio('server');
  const rendererDir = mkdtempSync(join(tmpdir(), 'gan-studio-renderer-'));
  let server: RunningServer;

  beforeAll(async () => {
    mkdirSync(join(rendererDir, 'assets'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>GAN Studio</title>');
    writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
    server = await startServer({ studio, rendererDir, port: 0 });
  });

  afterAll(async () => {
    await server.close();
    studio.dispose();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  const api = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(new URL(path, server.url), init);
  const bearer = (): Record<string, string> => ({ Authorization: `Bearer ${server.token}` });

  it('binds to loopback and prints a URL carrying the token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(server.openUrl).toBe(`${server.url}?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('answers 401 to API calls without a valid token', async () => {
    const none = await api('/api/system/info');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(await none.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect((await api('/api/system/info?token=wrong')).status).toBe(401);
    expect((await api('/api/runs/list', { headers: { Authorization: 'Bearer ' } })).status).toBe(401);
  });

  it('answers JSON with the token, by header or query parameter', async () => {
    const byHeader = await api('/api/system/info', { headers: bearer() });
    expect(byHeader.status).toBe(200);
    const body = (await byHeader.json()) as { ok: boolean; value: { host: string; dataDir: string } };
    expect(body).toMatchObject({ ok: true, value: { host: 'server', dataDir: studio.dataDir } });
    expect((await api(`/api/runs/list?token=${server.token}`)).status).toBe(200);
  });

  it('validates POSTed input and maps error codes to HTTP statuses', async () => {
    const post = (path: string, body: string): Promise<Response> =>
      api(path, { method: 'POST', headers: { ...bearer(), 'Content-Type': 'application/json' }, body });
    const invalid = await post('/api/runs/get', '{}');
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error: { message: string } }).error.message).toMatch(/id/);
    expect((await post('/api/runs/get', '{"id":"run_nope"}')).status).toBe(404);
    expect((await post('/api/runs/get', '{not json')).status).toBe(400);
    expect((await post('/api/runs/get', 'x'.repeat(2 * 1024 * 1024))).status).toBe(413);
    expect((await api('/api/runs/obliterate', { headers: bearer() })).status).toBe(404);
  });

  it('serves the renderer with a strict CSP, falling back to index.html, never outside its folder', async () => {
    const page = await api('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    expect(await (await api('/assets/app.js')).text()).toBe('console.log(1)');
    expect(await (await api('/some/deep/link')).text()).toContain('<title>GAN Studio</title>');
    for (const escape of [
      '/../../../etc/passwd',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/assets/..%2f..%2f..%2fetc/passwd',
    ]) {
      const { body } = await rawGet(server.port, escape);
      expect(body, escape).not.toContain('root:');
    }
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    expect((await rawGet(server.port, '/api/system/info', 'evil.example:80')).status).toBe(421);
    expect((await rawGet(server.port, '/', 'localhost:1')).status).toBe(200);
  });

  it('carries invokes and pushed events over the WebSocket, only with the token', async () => {
    const wsUrl = server.url.replace('http', 'ws') + 'api/ws';
    await expect(openSocket(wsUrl)).rejects.toThrow(/401/);

    const socket = await openSocket(`${wsUrl}?token=${server.token}`);
    const messages: ServerMessage[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(data.toString()) as ServerMessage));
    socket.send(JSON.stringify({ type: 'invoke', id: 7, method: 'runs.get', input: { id: 'x' } }));
    socket.send(JSON.stringify({ type: 'invoke', id: 8, method: 'runs.list', input: {} }));
    await until(() => messages.length >= 2);
    studio.events.emit('run.status', { runId: 'run_1', status: 'failed', reason: 'loss became NaN' });
    await until(() => messages.length >= 3);
    expect(messages).toContainEqual({
      type: 'result',
      id: 7,
      result: { ok: false, error: { code: 'not_found', message: expect.any(String) } },
    });
    expect(messages).toContainEqual({ type: 'result', id: 8, result: { ok: true, value: [] } });
    expect(messages).toContainEqual({
      type: 'event',
      event: 'run.status',
      payload: { runId: 'run_1', status: 'failed', reason: 'loss became NaN' },
    });

    const closed = new Promise<number>((resolve) => socket.once('close', resolve));
    socket.send('this is not a studio message');
    expect(await closed).toBe(1003);
  });
});

function openSocket(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_req, res) => reject(new Error(`refused with ${res.statusCode}`)));
    socket.once('error', reject);
  });
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
