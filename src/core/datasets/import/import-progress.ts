/** What a running import reports, a few times a second (the `dataset.progress` event carries it). */
export interface ImportProgress {
  readonly phase: 'scanning' | 'decoding' | 'saving';
  /** Image files found so far (candidates for decoding). */
  readonly found: number;
  /** Image files decoded or skipped so far. */
  readonly done: number;
  /** Files and folders skipped so far, while scanning and while decoding. */
  readonly skipped: number;
  /** Files finished per second since decoding began (0 before). */
  readonly imagesPerSecond: number;
  /** Seconds left at that rate; null while no rate is known yet. */
  readonly etaSeconds: number | null;
}

export type ProgressListener = (progress: ImportProgress) => void;

export interface ProgressReporter {
  /** Sets the counts; reports at most once per interval unless `force` (phase ends). */
  update(counts: Omit<ImportProgress, 'imagesPerSecond' | 'etaSeconds'>, force?: boolean): void;
  /** Marks the start of decoding, from which the rate is measured. */
  startRate(): void;
}

/** ~4 reports a second: enough for a smooth bar, few enough to cost nothing over IPC. */
const INTERVAL_MS = 250;

export function createProgressReporter(
  listener: ProgressListener | undefined,
  now: () => number = () => performance.now(),
): ProgressReporter {
  let last = -Infinity;
  let rateStart: number | null = null;
  return {
    startRate() {
      rateStart = now();
    },
    update(counts, force = false) {
      if (listener === undefined) return;
      const t = now();
      if (!force && t - last < INTERVAL_MS) return;
      last = t;
      const seconds = rateStart === null ? 0 : (t - rateStart) / 1000;
      // Rate = files finished / seconds since decoding began; ETA = files left / rate.
      const rate = seconds > 0 ? counts.done / seconds : 0;
      const left = Math.max(counts.found - counts.done, 0);
      const etaSeconds = rate > 0 ? left / rate : left === 0 && rateStart !== null ? 0 : null;
      listener({ ...counts, imagesPerSecond: rate, etaSeconds });
    },
  };
}
