import type { ChartPoint } from './series-store';

interface Bucket {
  /** floor(step / width) at the width the bucket was made or merged at. */
  key: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  /** Step of a NaN/Inf value in the bucket (drawn as a gap), or null. */
  gapX: number | null;
}

/**
 * Keeps a long series drawable: steps are grouped into buckets of `width` steps, and each bucket keeps
 * only its lowest and highest point (so spikes survive, unlike averaging). When there are more than
 * `maxBuckets` buckets the width doubles and neighbours merge, so a series of any length costs at most
 * 2·maxBuckets points to draw and each new point costs O(1) amortised. Points must arrive in step order.
 */
export class MinMaxDecimator {
  private width = 1;
  private buckets: Bucket[] = [];
  private cached: ChartPoint[] | null = null;

  constructor(private readonly maxBuckets = 1000) {}

  add(x: number, y: number | null): void {
    this.cached = null;
    const key = Math.floor(x / this.width);
    let bucket = this.buckets.at(-1);
    if (!bucket || bucket.key !== key) {
      bucket = { key, minX: x, minY: Infinity, maxX: x, maxY: -Infinity, gapX: null };
      this.buckets.push(bucket);
    }
    if (y === null) bucket.gapX ??= x;
    else {
      if (y < bucket.minY) [bucket.minY, bucket.minX] = [y, x];
      if (y > bucket.maxY) [bucket.maxY, bucket.maxX] = [y, x];
    }
    if (this.buckets.length > this.maxBuckets) this.compact();
  }

  /** The points to draw, in step order; the same array until the next `add`. */
  points(): ChartPoint[] {
    if (this.cached) return this.cached;
    const out: ChartPoint[] = [];
    for (const b of this.buckets) {
      const kept: ChartPoint[] = [];
      if (b.minY !== Infinity) kept.push({ x: b.minX, y: b.minY });
      if (b.maxY !== -Infinity && b.maxX !== b.minX) kept.push({ x: b.maxX, y: b.maxY });
      if (b.gapX !== null) kept.push({ x: b.gapX, y: null });
      kept.sort((p, q) => p.x - q.x);
      out.push(...kept);
    }
    this.cached = out;
    return out;
  }

  private compact(): void {
    this.width *= 2;
    const merged: Bucket[] = [];
    for (const b of this.buckets) {
      const key = Math.floor(b.key / 2);
      const last = merged.at(-1);
      if (!last || last.key !== key) {
        merged.push({ ...b, key });
        continue;
      }
      if (b.minY < last.minY) [last.minY, last.minX] = [b.minY, b.minX];
      if (b.maxY > last.maxY) [last.maxY, last.maxX] = [b.maxY, b.maxX];
      last.gapX ??= b.gapX;
    }
    this.buckets = merged;
  }
}
