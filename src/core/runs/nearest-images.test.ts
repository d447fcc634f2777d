import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyImageConfig } from '../engine/test-support';
import { createTrainingStudio, unwrap, waitForStatus, type TrainingStudio } from './test-support';

// An image run trained by a real trainer process: every snapshot carries the image metrics (kernel
// distance, diversity of the samples and of the data) and each sample's nearest training images,
// which runs.nearest answers with their pixels.

let lab: TrainingStudio;
let runId: string;
let datasetCount: number;

beforeAll(async () => {
  lab = createTrainingStudio();
  const dataset = unwrap(
    await lab.client.datasets.importBuiltin({ name: 'shapes', resolution: 16, count: 24, channels: 1 }),
  );
  datasetCount = dataset.imageCount;
  const config = {
    ...tinyImageConfig({ steps: 4, sampleEvery: 2, checkpointEvery: 4 }),
    dataset: { kind: 'packed' as const, id: dataset.id, name: dataset.name },
    backend: 'cpu' as const,
  };
  const run = unwrap(await lab.client.runs.start({ name: 'nearest', config }));
  runId = run.id;
  const done = await waitForStatus(lab, run.id, 'completed', 'failed', 'stopped');
  expect(done?.status).toBe('completed');
}, 120_000);

afterAll(async () => {
  await lab?.dispose();
});

describe('image metrics at snapshots', () => {
  it('records the kernel distance and both diversities at every snapshot step', async () => {
    const series = unwrap(
      await lab.client.runs.metrics({ id: runId, names: ['kernel_distance', 'diversity', 'diversity_real'] }),
    );
    for (const name of ['kernel_distance', 'diversity', 'diversity_real']) {
      const s = series.find((m) => m.name === name);
      expect(s?.steps).toEqual([2, 4]);
      for (const v of s!.values) expect(Number.isFinite(v)).toBe(true);
    }
    const real = series.find((m) => m.name === 'diversity_real')!.values;
    expect(real[0]).toBeGreaterThan(0);
    expect(real[1]).toBe(real[0]);
  });

  it('answers a sample’s nearest training images with their pixels, nearest first', async () => {
    const answer = unwrap(await lab.client.runs.nearest({ id: runId, step: 4, sample: 3 }));
    expect(answer).toMatchObject({ step: 4, sample: 3, height: 16, width: 16, channels: 1, datasetCount });
    expect(answer.searched).toBe(datasetCount);
    expect(answer.typicalDistance).toBeGreaterThan(0);
    expect(answer.neighbours).toHaveLength(4);
    const distances = answer.neighbours.map((n) => n.distance);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    for (const n of answer.neighbours) {
      expect(n.index).toBeGreaterThanOrEqual(0);
      expect(n.index).toBeLessThan(datasetCount);
      expect(Buffer.from(n.pixels, 'base64')).toHaveLength(16 * 16);
    }
  });

  it('says what is wrong for a missing snapshot or a sample past the grid', async () => {
    const missing = await lab.client.runs.nearest({ id: runId, step: 3, sample: 0 });
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
    const past = await lab.client.runs.nearest({ id: runId, step: 4, sample: 4000 });
    expect(past.ok ? null : past.error.message).toMatch(/has \d+ samples; there is no sample 4000/);
  });
});
