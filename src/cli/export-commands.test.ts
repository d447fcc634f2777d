import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import type { RunSummary } from '../shared/api/dto';
import { trainExportableRuns } from '../core/export/test-support';
import { createTrainingStudio } from '../core/runs/test-support';
import type * as TrainerHandleModule from '../core/runs/trainer-handle';
import { runCli } from './test-support';

// The CLI forks the trainer script beside its own bundle (out/node/trainer.js); under test, the bundle
// the global setup builds.
vi.mock('../core/runs/trainer-handle', async (importOriginal) => {
  const actual = await importOriginal<typeof TrainerHandleModule>();
  return { ...actual, forkTrainer: () => actual.forkTrainer(inject('trainerScript')) };
});

/** `export`, `export-model`, `sample` and `metrics` against a data directory holding two trained runs. */
describe('gan-studio export commands', () => {
  let home: string;
  let imageRun: RunSummary;
  let pointsRun: RunSummary;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'gan-studio-cli-export-'));
    const lab = createTrainingStudio({ dataDir: home });
    try {
      ({ imageRun, pointsRun } = await trainExportableRuns(lab));
    } finally {
      await lab.dispose();
    }
    vi.stubEnv('GAN_STUDIO_HOME', home);
  }, 120_000);

  afterAll(() => {
    vi.unstubAllEnvs();
    rmSync(home, { recursive: true, force: true });
  });

  it('exports images with a grid, interpolation and GIF, the same bytes twice, and never overwrites', async () => {
    const args = ['--count', '5', '--seed', '4', '--grid', '--gif', '--interpolate', '4', '--upscale', '2'];
    const first = await runCli('export', imageRun.id, '--out', join(home, 'out-1'), ...args);
    expect(first.exitCode).toBe(0);
    expect(first.stdout).toBe(
      `Exported 5 images, grid.png, interpolation.png, interpolation.gif, export.json to ${join(home, 'out-1')}\n`,
    );
    const second = await runCli('export', imageRun.name, '--out', join(home, 'out-2'), ...args, '--json');
    const result = JSON.parse(second.stdout) as { ok: boolean; value: { files: { path: string }[] } };
    expect(result.ok).toBe(true);
    for (const { path } of result.value.files.filter((f) => !f.path.endsWith('.json'))) {
      const twin = join(home, 'out-1', path.slice(join(home, 'out-2').length + 1));
      expect(readFileSync(path).equals(readFileSync(twin)), path).toBe(true);
    }

    const again = await runCli('export', imageRun.id, '--out', join(home, 'out-1'), '--count', '1');
    expect(again.exitCode).toBe(1);
    expect(again.stderr).toMatch(/^Error: .*out-1 already holds files, and an export never overwrites any/);
  });

  it('exports one class, refuses another format or a class out of range with a sentence', async () => {
    const out = join(home, 'class-1');
    expect((await runCli('export', imageRun.id, '--out', out, '--count', '2', '--class', '1')).exitCode).toBe(
      0,
    );
    expect(readdirSync(out).sort()).toEqual([
      'export.json',
      'image-0001-class-1.png',
      'image-0002-class-1.png',
    ]);
    const bad = await runCli('export', imageRun.id, '--out', join(home, 'bad'), '--class', '5', '--json');
    expect(JSON.parse(bad.stdout)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    const format = await runCli('export', imageRun.id, '--out', join(home, 'bad'), '--format', 'csv-points');
    expect(format.stderr).toMatch(/is an image run: --format csv-points is for 2-D runs/);
    expect((await runCli('export', 'run_gone', '--out', join(home, 'bad'))).stderr).toMatch(
      /no run "run_gone"/,
    );
  });

  it('exports the points of a 2-D run as CSV', async () => {
    const out = join(home, 'points');
    const result = await runCli(
      'export',
      pointsRun.id,
      '--out',
      out,
      '--count',
      '20',
      '--format',
      'csv-points',
    );
    expect(result.exitCode).toBe(0);
    const lines = readFileSync(join(out, 'points.csv'), 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(20);
    expect(lines[0]).toMatch(/^[-\d.e+]+,[-\d.e+]+$/);
  });

  it('saves the generator as a tfjs model with its metadata', async () => {
    const out = join(home, 'model');
    const result = await runCli('export-model', imageRun.id, '--out', out, '--checkpoint', '3');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(
      /^Saved the generator to .*model \(model\.json, weights\.bin, generator\.json\)/,
    );
    const metadata = JSON.parse(readFileSync(join(out, 'generator.json'), 'utf8')) as Record<string, unknown>;
    expect(metadata).toMatchObject({ latentSize: 8, numClasses: 3, step: 3, runId: imageRun.id });
  });

  it('samples an exported generator without its run: the bytes `export` writes for that seed', async () => {
    const generator = join(home, 'generator');
    expect((await runCli('export-model', imageRun.id, '--out', generator)).exitCode).toBe(0);
    const args = ['--count', '3', '--seed', '4', '--grid', '--class', '1', '--upscale', '2'];
    const reference = join(home, 'sample-ref');
    expect((await runCli('export', imageRun.id, '--out', reference, ...args)).exitCode).toBe(0);

    const out = join(home, 'sampled');
    const sampled = await runCli('sample', generator, '--out', out, ...args);
    expect(sampled.exitCode).toBe(0);
    expect(sampled.stdout).toBe(`Sampled 3 images, grid.png, export.json to ${out}\n`);
    expect(readdirSync(out).sort()).toEqual(readdirSync(reference).sort());
    for (const name of readdirSync(out).filter((n) => n.endsWith('.png'))) {
      expect(readFileSync(join(out, name)).equals(readFileSync(join(reference, name))), name).toBe(true);
    }
    const metadata = JSON.parse(readFileSync(join(out, 'export.json'), 'utf8')) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      kind: 'generator-images',
      seed: 4,
      sourceGenerator: { dir: generator },
    });

    const json = await runCli(
      'sample',
      generator,
      '--out',
      join(home, 'sampled-json'),
      '--count',
      '1',
      '--json',
    );
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: true,
      value: { files: [{ kind: 'image' }, { kind: 'metadata' }] },
    });
    const notGenerator = await runCli('sample', reference, '--out', join(home, 'bad'));
    expect(notGenerator.exitCode).toBe(1);
    expect(notGenerator.stderr).toMatch(/^Error: .*sample-ref holds no generator\.json/);
    const badClass = await runCli('sample', generator, '--out', join(home, 'bad'), '--class', '3', '--json');
    expect(JSON.parse(badClass.stdout)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('writes the metrics of several runs to one CSV file, and not over an existing file', async () => {
    const file = join(home, 'metrics', 'all.csv');
    const result = await runCli('metrics', imageRun.id, pointsRun.id, '--out', file, '--json');
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: true,
      value: { files: [{ kind: 'csv', path: file }] },
    });
    const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('run_id,run_name,metric,step,value,wall_time');
    expect(new Set(lines.slice(1).map((line) => line.split(',')[0]))).toEqual(
      new Set([imageRun.id, pointsRun.id]),
    );

    writeFileSync(join(home, 'taken.csv'), 'mine');
    const refused = await runCli('metrics', pointsRun.id, '--out', join(home, 'taken.csv'));
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/taken\.csv exists already/);
    expect(readFileSync(join(home, 'taken.csv'), 'utf8')).toBe('mine');
  });
});
