import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedRun, TINY_PNG } from '../core/testing/seed-run';
import { createTempStudio } from '../core/testing/temp-studio';
import { rawGet } from './raw-get';
import { startServer, type RunningServer } from './server';

/** `/media/…` on a real server over a real data directory: a seeded run's sample grid and checkpoint. */
describe('server media route', () => {
  const studio = createTempStudio('server');
  const rendererDir = mkdtempSync(join(tmpdir(), 'gan-studio-renderer-'));
  let server: RunningServer;
  let runId: string;

  beforeAll(async () => {
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>GAN Studio</title>');
    runId = seedRun(studio);
    const points = join(studio.dataDir, 'runs', runId, 'samples', '5.points.json');
    writeFileSync(points, '{"points":[[0,1]]}');
    writeFileSync(join(studio.dataDir, 'runs', runId, 'samples', 'notes.txt'), 'not media');
    mkdirSync(join(studio.dataDir, 'datasets', 'ds_1'), { recursive: true });
    writeFileSync(join(studio.dataDir, 'datasets', 'ds_1', 'manifest.json'), '{"source":"/home/me"}');
    mkdirSync(join(studio.dataDir, 'exports', 'exp-1'), { recursive: true });
    writeFileSync(join(studio.dataDir, 'exports', 'exp-1', 'metrics.csv'), 'run_id,run_name\n');
    writeFileSync(join(studio.dataDir, 'exports', 'exp-1', 'weights.bin'), 'weights');
    server = await startServer({ studio, rendererDir, port: 0 });
  });

  afterAll(async () => {
    await server.close();
    studio.dispose();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  const sample = (): string => `/media/runs/${runId}/samples/5.png`;
  const withToken = (path: string): string => `${path}?token=${server.token}`;

  it('serves a sample grid with the token: its bytes, type, private caching and nosniff', async () => {
    const response = await fetch(new URL(withToken(sample()), server.url));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/png');
    expect(response.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await response.arrayBuffer()).equals(TINY_PNG)).toBe(true);

    const head = await fetch(new URL(withToken(sample()), server.url), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(TINY_PNG.length));
    expect(await head.text()).toBe('');

    const json = await fetch(new URL(withToken(`/media/runs/${runId}/samples/5.points.json`), server.url));
    expect(json.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await json.json()).toEqual({ points: [[0, 1]] });
  });

  it('serves the files of an export in the data directory, but not the weights of a model', async () => {
    const csv = await fetch(new URL(withToken('/media/exports/exp-1/metrics.csv'), server.url));
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(await csv.text()).toBe('run_id,run_name\n');
    expect((await rawGet(server.port, withToken('/media/exports/exp-1/weights.bin'))).status).toBe(404);
  });

  it('answers 401 without the token or with a wrong one', async () => {
    expect((await rawGet(server.port, sample())).status).toBe(401);
    expect((await rawGet(server.port, `${sample()}?token=wrong`)).status).toBe(401);
    // Even for paths that would be 404: without the token nothing is revealed.
    expect((await rawGet(server.port, '/media/studio.db')).status).toBe(401);
  });

  it('answers 404 for escapes, the store, manifests, checkpoints, other files and non-media methods', async () => {
    for (const path of [
      '/media/../studio.db',
      '/media/studio.db',
      `/media/runs/${runId}/samples/../../../studio.db`,
      `/media/runs/${runId}/samples/%2e%2e/%2e%2e/%2e%2e/studio.db`,
      `/media/runs/${runId}/samples/%2e%2e/checkpoints/5/state.json`,
      `/media/runs/${runId}/samples/..%2fcheckpoints%2f5%2fstate.json`,
      `/media/runs/${runId}/samples/..%5ccheckpoints%5c5%5cstate.json`,
      `/media/runs/${runId}/checkpoints/5/state.json`,
      '/media/datasets/ds_1/manifest.json',
      `/media/runs/${runId}/samples/notes.txt`,
      `/media/runs/${runId}/samples/404.png`,
      '/media/runs/%E0%A4%A.png',
    ]) {
      const { status, body } = await rawGet(server.port, withToken(path));
      expect(status, path).toBe(404);
      expect(body, path).not.toMatch(/SQLite|"step"|\/home\/me/);
    }
    const post = await fetch(new URL(withToken(sample()), server.url), { method: 'POST' });
    expect(post.status).toBe(405);
  });
});
