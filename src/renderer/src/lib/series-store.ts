import { MinMaxDecimator } from './min-max-decimator';

/**
 * Metric points held for charts, outside Vue's reactivity: 100,000 points per series would make a
 * reactive array far too slow. Charts read these arrays directly and are told to redraw by a version
 * number. Points are `{ x: step, y: value }` (chart.js's parsed format), in step order; NaN/±Inf arrive
 * as null and are drawn as gaps.
 */
export interface ChartPoint {
  x: number;
  y: number | null;
}

export interface SeriesInput {
  readonly name: string;
  readonly steps: readonly number[];
  readonly values: readonly (number | null)[];
  readonly wallTimes: readonly number[];
}

/** Drawn points per series at most: about two per pixel of a wide chart. */
const DRAWN_BUCKETS = 800;

export class SeriesStore {
  private readonly series = new Map<string, ChartPoint[]>();
  private readonly decimators = new Map<string, MinMaxDecimator>();
  /** The highest step held in any series: the next fetch starts after it. */
  lastStep = 0;

  get(name: string): ChartPoint[] {
    let points = this.series.get(name);
    if (!points) {
      points = [];
      this.series.set(name, points);
    }
    return points;
  }

  /** What a chart draws: at most 2·DRAWN_BUCKETS points, extremes kept (see MinMaxDecimator). */
  drawable(name: string): ChartPoint[] {
    return this.decimators.get(name)?.points() ?? [];
  }

  /** Points held (not drawn) in a series. */
  count(name: string): number {
    return this.series.get(name)?.length ?? 0;
  }

  has(name: string): boolean {
    return (this.series.get(name)?.length ?? 0) > 0;
  }

  /** The latest value of a series, or null. */
  latest(name: string): number | null {
    return this.series.get(name)?.at(-1)?.y ?? null;
  }

  /**
   * Appends fetched points, skipping any at or before the last step already held for that series (a
   * fetch may overlap the previous one). Answers how many points were added.
   */
  append(input: readonly SeriesInput[]): number {
    let added = 0;
    for (const { name, steps, values } of input) {
      const points = this.get(name);
      let decimator = this.decimators.get(name);
      if (!decimator) this.decimators.set(name, (decimator = new MinMaxDecimator(DRAWN_BUCKETS)));
      let last = points.at(-1)?.x ?? -Infinity;
      for (let i = 0; i < steps.length; i++) {
        const x = steps[i]!;
        if (x <= last) continue;
        const y = values[i] ?? null;
        points.push({ x, y });
        decimator.add(x, y);
        last = x;
        added += 1;
        if (x > this.lastStep) this.lastStep = x;
      }
    }
    return added;
  }

  clear(): void {
    this.series.clear();
    this.decimators.clear();
    this.lastStep = 0;
  }
}
