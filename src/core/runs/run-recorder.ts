import type { Database } from 'better-sqlite3';
import type { MetricPoint } from '../store/metrics-repo';
import { insertMetricPoints, updateRunProgress } from '../store';

/**
 * Buffers one run's metric stream and writes it in batched transactions (at most every
 * FLUSH_INTERVAL_MS, and whenever something must be consistent with it: a sample, a checkpoint, the
 * end). Thousands of points a second become a few small transactions.
 */
const FLUSH_INTERVAL_MS = 500;

export class RunRecorder {
  private points: MetricPoint[] = [];
  private step: number | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly db: Database,
    private readonly runId: string,
  ) {}

  record(step: number, points: readonly MetricPoint[]): void {
    this.points.push(...points);
    this.step = step;
    this.timer ??= setTimeout(() => {
      try {
        this.flush();
      } catch (error) {
        // A timer has no caller to throw to: an error here would be uncaught and end the host.
        console.error(`[runs] could not record metrics of run ${this.runId}:`, error);
      }
    }, FLUSH_INTERVAL_MS);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.points.length === 0 && this.step === null) return;
    const points = this.points;
    const step = this.step;
    this.points = [];
    this.step = null;
    this.db.transaction(() => {
      if (points.length > 0) insertMetricPoints(this.db, this.runId, points);
      if (step !== null) updateRunProgress(this.db, this.runId, step);
    })();
  }
}
