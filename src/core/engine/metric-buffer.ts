import * as tf from '@tensorflow/tfjs-core';

import type { MetricPoint } from '../store/metrics-repo';

export type { MetricPoint };

export type StepScalars = Readonly<Record<string, tf.Scalar>>;

/**
 * Collects each step's scalar tensors and reads them back from the backend in one transfer every few
 * steps, so a synchronous GPU→CPU read never stalls each step. Values that are not finite are reported
 * with the step and metric they first appeared in.
 */
export class MetricBuffer {
  private readonly rows: { step: number; wallTime: number; names: string[]; packed: tf.Tensor1D }[] = [];

  get size(): number {
    return this.rows.length;
  }

  /** Takes ownership of the scalars (disposes them). */
  push(step: number, wallTime: number, scalars: StepScalars): void {
    const names = Object.keys(scalars);
    const packed = tf.tidy(() => tf.stack(names.map((n) => scalars[n] as tf.Scalar)) as tf.Tensor1D);
    tf.dispose(Object.values(scalars));
    this.rows.push({ step, wallTime, names, packed });
  }

  /** Reads everything pending in one transfer. */
  async flush(): Promise<{ points: MetricPoint[]; firstNonFinite: MetricPoint | null }> {
    if (this.rows.length === 0) return { points: [], firstNonFinite: null };
    const rows = this.rows.splice(0);
    const all = tf.concat(rows.map((r) => r.packed));
    const values = await all.data();
    all.dispose();
    tf.dispose(rows.map((r) => r.packed));

    const points: MetricPoint[] = [];
    let firstNonFinite: MetricPoint | null = null;
    let offset = 0;
    for (const row of rows) {
      for (const name of row.names) {
        const point = { name, step: row.step, value: values[offset++] ?? Number.NaN, wallTime: row.wallTime };
        if (!Number.isFinite(point.value) && !firstNonFinite) firstNonFinite = point;
        points.push(point);
      }
    }
    return { points, firstNonFinite };
  }

  dispose(): void {
    tf.dispose(this.rows.splice(0).map((r) => r.packed));
  }
}
