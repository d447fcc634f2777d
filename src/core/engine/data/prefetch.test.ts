import { describe, expect, it } from 'vitest';
import type { Batch, BatchSource } from './batch-source';
import { createImageBatchSource, type ImageDataset } from './image-batch-source';
import { withPrefetch } from './prefetch';

function dataset(count: number): ImageDataset {
  return {
    manifest: { count, height: 2, width: 2, channels: 1, classNames: ['a', 'b'] },
    images: Uint8Array.from({ length: count * 4 }, (_, i) => (i * 37) % 256),
    labels: Uint32Array.from({ length: count }, (_, n) => n % 2),
  };
}

function source(): BatchSource {
  return createImageBatchSource(dataset(23), { seed: 77, flip: true });
}

/** Counts inner draws, to see whether a batch was assembled ahead of the request. */
function counting(inner: BatchSource): { source: BatchSource; draws: () => number } {
  let draws = 0;
  return {
    source: {
      kind: inner.kind,
      sampleShape: inner.sampleShape,
      size: inner.size,
      numClasses: inner.numClasses,
      nextBatch: (n) => {
        draws += 1;
        return inner.nextBatch(n);
      },
      getState: () => inner.getState(),
      setState: (s) => inner.setState(s),
    },
    draws: () => draws,
  };
}

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('withPrefetch', () => {
  it('assembles the next batch while the caller awaits, without changing the sequence', async () => {
    const plain = source();
    const want = Array.from({ length: 12 }, () => plain.nextBatch(5));

    const { source: inner, draws } = counting(source());
    const prefetched = withPrefetch(inner);
    const got: Batch[] = [];
    for (let i = 0; i < 12; i++) {
      got.push(prefetched.nextBatch(5));
      await turn(); // a training step that awaits
      expect(draws()).toBe(i + 2); // the next batch is already there
    }
    expect(got).toEqual(want);
    prefetched.dispose();
  });

  it('keeps the sequence when called back to back, with no turn for the look-ahead', () => {
    const plain = source();
    const prefetched = withPrefetch(source());
    for (let i = 0; i < 10; i++) expect(prefetched.nextBatch(4)).toEqual(plain.nextBatch(4));
    prefetched.dispose();
  });

  it('rolls back a look-ahead of the wrong size instead of skipping it', async () => {
    const plain = source();
    const prefetched = withPrefetch(source());
    for (const size of [4, 4, 7, 3, 3, 8]) {
      expect(prefetched.nextBatch(size)).toEqual(plain.nextBatch(size));
      await turn();
    }
    prefetched.dispose();
  });

  it('reports the state the caller has seen, so a resume continues exactly', async () => {
    const prefetched = withPrefetch(source());
    for (let i = 0; i < 6; i++) {
      prefetched.nextBatch(5);
      await turn();
    }
    const saved = prefetched.getState(); // a look-ahead batch is pending here
    const want = [prefetched.nextBatch(5), prefetched.nextBatch(5)];

    const resumed = source();
    resumed.setState(saved);
    expect([resumed.nextBatch(5), resumed.nextBatch(5)]).toEqual(want);

    // setState on the wrapper drops its look-ahead too.
    prefetched.setState(saved);
    await turn();
    expect([prefetched.nextBatch(5), prefetched.nextBatch(5)]).toEqual(want);
    prefetched.dispose();
  });

  it('forwards what describes the source', () => {
    const prefetched = withPrefetch(source());
    expect(prefetched).toMatchObject({ kind: 'image', sampleShape: [2, 2, 1], size: 23, numClasses: 2 });
  });
});
