import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPackedDataset, writePackedDataset } from '../../datasets/packed-format';
import { StudioError } from '../../../shared/api/errors';
import type { Batch, BatchSourceState, ImageBatchSourceState } from './batch-source';
import { createImageBatchSource, type ImageDataset } from './image-batch-source';

/**
 * `count` 2×3 images with 2 channels; image n has every byte n (channel 0) or 200 + w (channel 1,
 * which shows the column, so flips are visible). Labels are n mod 3.
 */
function makeDataset(count: number, withLabels = true): ImageDataset {
  const [height, width, channels] = [2, 3, 2];
  const images = new Uint8Array(count * height * width * channels);
  for (let n = 0; n < count; n++) {
    for (let h = 0; h < height; h++) {
      for (let w = 0; w < width; w++) {
        const at = ((n * height + h) * width + w) * channels;
        images[at] = n;
        images[at + 1] = 200 + w;
      }
    }
  }
  return {
    manifest: { count, height, width, channels, classNames: withLabels ? ['a', 'b', 'c'] : [] },
    images,
    labels: withLabels ? Uint32Array.from({ length: count }, (_, n) => n % 3) : null,
  };
}

/** The image index of each sample in a batch, read back from channel 0 (byte n ↦ n/127.5 − 1). */
function indices(batch: Batch, sampleLength = 12): number[] {
  const out: number[] = [];
  for (let at = 0; at < batch.x.length; at += sampleLength) out.push(Math.round((batch.x[at]! + 1) * 127.5));
  return out;
}

function take(source: { nextBatch(n: number): Batch }, batches: number, size: number): Batch[] {
  return Array.from({ length: batches }, () => source.nextBatch(size));
}

describe('createImageBatchSource', () => {
  it('describes the data and scales bytes to [−1, 1]', () => {
    const dataset = makeDataset(4);
    dataset.images[0] = 0;
    const source = createImageBatchSource(dataset, { seed: 1, flip: false });
    expect(source).toMatchObject({ kind: 'image', sampleShape: [2, 3, 2], size: 4, numClasses: 3 });
    const { x } = source.nextBatch(4);
    expect(x.length).toBe(4 * 12);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...x)).toBeLessThanOrEqual(1);
    // Channel 1 of column 2 is byte 202: 202/127.5 − 1.
    expect(x[5]).toBeCloseTo(202 / 127.5 - 1, 6);
  });

  it('visits every image once per epoch, in a fresh order each epoch, with matching labels', () => {
    const source = createImageBatchSource(makeDataset(10), { seed: 3, flip: false });
    const epochs = [0, 1, 2].map(() => take(source, 5, 2));
    const orders = epochs.map((batches) => batches.flatMap((b) => indices(b)));
    for (const order of orders) expect([...order].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    expect(new Set(orders.map((o) => o.join(','))).size).toBe(3);
    for (const batch of epochs[0]!)
      expect(Array.from(batch.labels!)).toEqual(indices(batch).map((n) => n % 3));
  });

  it('fills a batch across an epoch boundary instead of returning a short one', () => {
    const source = createImageBatchSource(makeDataset(5), { seed: 4, flip: false });
    const seen = take(source, 3, 4).flatMap((b) => indices(b));
    expect(seen.length).toBe(12);
    expect([...seen.slice(0, 5)].sort()).toEqual([0, 1, 2, 3, 4]);
    expect([...seen.slice(5, 10)].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(source.getState()).toMatchObject({ epoch: 2, position: 2 });
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const a = take(createImageBatchSource(makeDataset(50), { seed: 8, flip: true }), 4, 16);
    const b = take(createImageBatchSource(makeDataset(50), { seed: 8, flip: true }), 4, 16);
    const c = take(createImageBatchSource(makeDataset(50), { seed: 9, flip: true }), 4, 16);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('mirrors about half of the samples left–right when flips are on, never when off', () => {
    const column = (x: Float32Array, sample: number): number => Math.round((x[sample * 12 + 1]! + 1) * 127.5);
    const off = createImageBatchSource(makeDataset(100), { seed: 5, flip: false }).nextBatch(100);
    expect(Array.from({ length: 100 }, (_, s) => column(off.x, s))).toEqual(new Array(100).fill(200));

    const on = createImageBatchSource(makeDataset(100), { seed: 5, flip: true }).nextBatch(100);
    const firstColumns = Array.from({ length: 100 }, (_, s) => column(on.x, s));
    expect(new Set(firstColumns)).toEqual(new Set([200, 202]));
    const flipped = firstColumns.filter((c) => c === 202).length;
    expect(flipped).toBeGreaterThan(30);
    expect(flipped).toBeLessThan(70);
    // A mirrored sample reads columns 2, 1, 0 in both rows; channel 0 (the image index) is unchanged.
    const s = firstColumns.indexOf(202);
    const row = (h: number): number[] =>
      [0, 1, 2].map((w) => Math.round((on.x[s * 12 + h * 6 + w * 2 + 1]! + 1) * 127.5));
    expect([row(0), row(1)]).toEqual([
      [202, 201, 200],
      [202, 201, 200],
    ]);
  });

  it('continues with exactly the same batches after its state is restored into a fresh source', () => {
    for (const [k, batchSize] of [
      [0, 7],
      [3, 7],
      [5, 6], // ends exactly on an epoch boundary (30 of 30)
      [11, 7],
    ] as const) {
      const original = createImageBatchSource(makeDataset(30), { seed: 12, flip: true });
      take(original, k, batchSize);
      const saved = JSON.parse(JSON.stringify(original.getState())) as BatchSourceState;
      const expected = take(original, 9, batchSize);

      const resumed = createImageBatchSource(makeDataset(30), { seed: 999, flip: true });
      resumed.setState(saved);
      expect(take(resumed, 9, batchSize)).toEqual(expected);
    }
  });

  it('hands out no labels for an unlabelled dataset', () => {
    const source = createImageBatchSource(makeDataset(3, false), { seed: 1, flip: false });
    expect(source.numClasses).toBe(0);
    expect(source.nextBatch(2).labels).toBeNull();
  });

  it('refuses a state from another dataset, and bad inputs', () => {
    const source = createImageBatchSource(makeDataset(10), { seed: 1, flip: false });
    const other = createImageBatchSource(makeDataset(11), { seed: 1, flip: false });
    expect(() => source.setState(other.getState())).toThrow(/dataset of 11 images, but this one has 10/);
    expect(() => source.setState({ ...(source.getState() as ImageBatchSourceState), position: 11 })).toThrow(
      StudioError,
    );
    expect(() => source.nextBatch(0)).toThrow(RangeError);
    expect(() => createImageBatchSource(makeDataset(0), { seed: 1, flip: false })).toThrow(/no images/);
  });

  it('serves a dataset read back from the packed format', async () => {
    const root = await mkdtemp(join(tmpdir(), 'gan-studio-batches-'));
    try {
      const { images, labels } = makeDataset(6);
      await writePackedDataset(join(root, 'ds'), {
        height: 2,
        width: 3,
        channels: 2,
        images,
        labels,
        classNames: ['a', 'b', 'c'],
      });
      const source = createImageBatchSource(await readPackedDataset(join(root, 'ds')), {
        seed: 2,
        flip: false,
      });
      const batch = source.nextBatch(6);
      expect([...indices(batch)].sort()).toEqual([0, 1, 2, 3, 4, 5]);
      expect(Array.from(batch.labels ?? [])).toEqual(indices(batch).map((n) => n % 3));
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
