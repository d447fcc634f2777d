import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { STORE_FILE_NAME } from '../core/data-dir';
import { seedRun } from '../core/testing/seed-run';
import { runCli } from './test-support';

describe('gan-studio CLI', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'gan-studio-cli-'));
    vi.stubEnv('GAN_STUDIO_HOME', home);
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(home, { recursive: true, force: true });
  });

  it('info --json prints one Result document with the data directory and backends', async () => {
    const { stdout, exitCode } = await runCli('info', '--json');
    expect(exitCode).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0] ?? '') as {
      ok: boolean;
      value: {
        host: string;
        dataDir: string;
        backends: { name: string; status: string }[];
        activeBackend: string;
      };
    };
    expect(result.ok).toBe(true);
    expect(result.value.host).toBe('cli');
    expect(result.value.dataDir).toBe(home);
    expect(result.value.backends.map((b) => b.name)).toEqual(['tensorflow', 'webgpu', 'wasm', 'cpu']);
    expect(result.value.activeBackend).not.toBeNull();
  });

  it('info prints a readable summary', async () => {
    const { stdout } = await runCli('info');
    expect(stdout).toContain(`Data directory  ${home}`);
    expect(stdout).toMatch(/Compute backends \(best first; training uses (wasm|tensorflow|webgpu|cpu)\)/);
  });

  it('lists empty stores with a hint, as text and as JSON', async () => {
    expect((await runCli('runs')).stdout).toMatch(/No runs yet/);
    expect((await runCli('datasets', 'list')).stdout).toMatch(/No datasets yet/);
    expect(JSON.parse((await runCli('runs', 'list', '--json')).stdout)).toEqual({ ok: true, value: [] });
  });

  it('reports a missing run on stderr with exit code 1, or as JSON', async () => {
    const text = await runCli('runs', 'show', 'run_gone');
    expect(text.exitCode).toBe(1);
    expect(text.stderr).toMatch(/^Error: There is no run with id "run_gone"/);
    const json = await runCli('runs', 'show', 'run_gone', '--json');
    expect(json.exitCode).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('has --help on every command', async () => {
    for (const command of [
      [],
      ['info'],
      ['serve'],
      ['runs'],
      ['runs', 'show'],
      ['runs', 'delete'],
      ['datasets'],
      ['dataset', 'delete'],
      ['export'],
      ['export-model'],
      ['sample'],
      ['metrics'],
    ]) {
      const { stdout, exitCode } = await runCli(...command, '--help');
      expect(exitCode, command.join(' ')).toBe(0);
      expect(stdout).toMatch(/^Usage: gan-studio/);
    }
    expect((await runCli('serve', '--help')).stdout).toMatch(
      /--host <address>[\s\S]*--port <number>[\s\S]*--json/,
    );
  });

  it('imports a folder with --json: one final line with id, imported, skipped and classes', async () => {
    const folder = join(home, 'photos');
    mkdirSync(join(folder, 'red'), { recursive: true });
    mkdirSync(join(folder, 'blue'), { recursive: true });
    const png = (r: number, b: number): Promise<Buffer> =>
      sharp({ create: { width: 20, height: 20, channels: 3, background: { r, g: 0, b } } })
        .png()
        .toBuffer();
    writeFileSync(join(folder, 'red', 'a.png'), await png(255, 0));
    writeFileSync(join(folder, 'blue', 'b.png'), await png(0, 255));
    writeFileSync(join(folder, 'blue', 'c.jpg'), 'not really a jpeg');
    const { stdout, exitCode } = await runCli(
      'import',
      folder,
      '--labels',
      'subfolders',
      '--size',
      '16',
      '--json',
    );
    expect(exitCode).toBe(0);
    const lines = stdout.trim().split('\n');
    const result = JSON.parse(lines[lines.length - 1] ?? '') as {
      ok: boolean;
      value: { id: string; imported: number; skipped: { path: string; reason: string }[]; classes: string[] };
    };
    expect(result.value).toMatchObject({ imported: 2, classes: ['blue', 'red'] });
    expect(result.value.skipped).toEqual([
      { path: 'blue/c.jpg', reason: expect.stringMatching(/not an image/) },
    ]);

    const shown = await runCli('dataset', 'photos');
    expect(shown.stdout).toMatch(/blue \(1\), red \(1\)/);
    expect(shown.stdout).toMatch(/blue\/c\.jpg\s+the content is not an image/);
  });

  it('deletes a dataset by id; showing by name still works beside the subcommand', async () => {
    const folder = join(home, 'reds');
    mkdirSync(folder);
    writeFileSync(
      join(folder, 'a.png'),
      await sharp({ create: { width: 8, height: 8, channels: 3, background: '#f00' } })
        .png()
        .toBuffer(),
    );
    const imported = await runCli('import', folder, '--size', '16', '--json');
    const { id } = (JSON.parse(imported.stdout.trim().split('\n').at(-1) ?? '') as { value: { id: string } })
      .value;
    expect((await runCli('dataset', 'reds')).stdout).toContain(`reds (${id})`);

    const deleted = await runCli('dataset', 'delete', id);
    expect(deleted).toMatchObject({ exitCode: 0, stdout: `Deleted dataset ${id} and its files.\n` });
    expect((await runCli('datasets')).stdout).toMatch(/No datasets yet/);
    const again = await runCli('dataset', 'delete', id, '--json');
    expect(again.exitCode).toBe(1);
    expect(JSON.parse(again.stdout)).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('deletes a run, and refuses one that is still training', async () => {
    const studio = { storePath: join(home, STORE_FILE_NAME), dataDir: home };
    const ended = seedRun(studio, { status: 'completed' });
    const training = seedRun(studio, { status: 'running', ownerPid: process.pid });

    expect(await runCli('runs', 'delete', ended)).toMatchObject({
      exitCode: 0,
      stdout: `Deleted run ${ended} with its metrics, samples and checkpoints.\n`,
    });
    const refused = await runCli('runs', 'delete', training);
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/^Error: Run "seeded on ring8" is running\. Stop it first/);
    const listed = JSON.parse((await runCli('runs', 'list', '--json')).stdout) as { value: { id: string }[] };
    expect(listed.value.map((r) => r.id)).toEqual([training]);
  });

  it('says an empty folder has no usable images, with exit code 1', async () => {
    const empty = join(home, 'empty');
    mkdirSync(empty);
    const { stderr, exitCode } = await runCli('import', empty);
    expect(exitCode).toBe(1);
    expect(stderr).toMatch(/No usable images in .*empty: it holds no files/);
  });

  it('rejects a bad port with a sentence', async () => {
    const { stderr, exitCode } = await runCli('serve', '--port', 'eighty');
    expect(exitCode).toBe(1);
    expect(stderr).toMatch(/a port is a whole number from 0 to 65535/);
  });
});
