import type { Batch, BatchSource, BatchSourceState } from './batch-source';

/** A BatchSource that also stops its background work. */
export interface PrefetchingBatchSource extends BatchSource {
  /** Cancels a scheduled look-ahead; the source stays usable (it then assembles on demand). */
  dispose(): void;
}

interface Pending {
  readonly batchSize: number;
  /** The inner source's state before the look-ahead batch was drawn: what the consumer has seen. */
  readonly stateBefore: BatchSourceState;
  readonly batch: Batch;
}

/**
 * Wraps a source so that, right after handing out a batch, it schedules the next one (same size) with
 * setImmediate. The loop's `await`s during a step (reading losses, yielding to messages) give the event
 * loop the turn that assembles it, so batch assembly overlaps the step instead of following it.
 *
 * The sequence is exactly the wrapped source's: a look-ahead batch is only drawn in the order the
 * consumer would have drawn it, getState() answers the state *before* any unconsumed look-ahead, and a
 * look-ahead of the wrong size (or one made stale by setState) is rolled back, never skipped.
 */
export function withPrefetch(inner: BatchSource): PrefetchingBatchSource {
  let pending: Pending | null = null;
  let scheduled: NodeJS.Immediate | null = null;

  const cancelScheduled = (): void => {
    if (scheduled !== null) clearImmediate(scheduled);
    scheduled = null;
  };

  /** Puts the inner source back to what the consumer has seen, dropping any look-ahead. */
  const rollBack = (): void => {
    cancelScheduled();
    if (pending !== null) inner.setState(pending.stateBefore);
    pending = null;
  };

  const schedule = (batchSize: number): void => {
    cancelScheduled();
    scheduled = setImmediate(() => {
      scheduled = null;
      if (pending !== null) return;
      const stateBefore = inner.getState();
      pending = { batchSize, stateBefore, batch: inner.nextBatch(batchSize) };
    });
  };

  return {
    kind: inner.kind,
    sampleShape: inner.sampleShape,
    size: inner.size,
    numClasses: inner.numClasses,

    nextBatch(batchSize: number): Batch {
      let batch: Batch;
      if (pending !== null && pending.batchSize === batchSize) {
        batch = pending.batch;
        pending = null;
      } else {
        rollBack();
        batch = inner.nextBatch(batchSize);
      }
      schedule(batchSize);
      return batch;
    },

    getState(): BatchSourceState {
      return pending !== null ? pending.stateBefore : inner.getState();
    },

    setState(state: BatchSourceState): void {
      cancelScheduled();
      pending = null;
      inner.setState(state);
    },

    dispose(): void {
      rollBack();
    },
  };
}
