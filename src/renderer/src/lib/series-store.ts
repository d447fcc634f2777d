import { MinMaxDecimator } from './min-max-decimator';

/** A point as chart.js draws it (its parsed format): x is the step; null y is a gap (NaN/±Inf). */
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

/** One metric's recorded points, as parallel arrays (what diagnostics read, without copying). */
export interface HeldSeries {
  readonly steps: number[];
  readonly values: (number | null)[];
}

/** Drawn points per series at most: about two per pixel of a wide chart. */
const DRAWN_BUCKETS = 800;

/**
 * Metric points held for a run's dashboard, outside Vue's reactivity: 100,000 points per series would
 * make a reactive array far too slow. Views are told to redraw by a version number. Each series keeps
 * every point (parallel arrays, in step order) and a MinMaxDecimator of it, which is what charts draw.
 */
export class SeriesStore {
  private readonly held = new Map<string, HeldSeries>();
  private readonly decimators = new Map<string, MinMaxDecimator>();
  /** The highest step held in any series: the next fetch starts after it. */
  lastStep = 0;

  /** Every point of a series (empty arrays when there is none). */
  series(name: string): HeldSeries {
    return this.held.get(name) ?? { steps: [], values: [] };
  }

  names(): string[] {
    return [...this.held.keys()];
  }

  /** What a chart draws: at most 2·DRAWN_BUCKETS points, extremes kept (see MinMaxDecimator). */
  drawable(name: string): ChartPoint[] {
    return this.decimators.get(name)?.points() ?? [];
  }

  /** Points held (not drawn) in a series. */
  count(name: string): number {
    return this.held.get(name)?.steps.length ?? 0;
  }

  has(name: string): boolean {
    return this.count(name) > 0;
  }

  /** The latest value of a series, or null. */
  latest(name: string): number | null {
    return this.held.get(name)?.values.at(-1) ?? null;
  }

  /**
   * Appends fetched points, skipping any at or before the last step already held for that series (a
   * fetch may overlap the previous one). Answers how many points were added.
   */
  append(input: readonly SeriesInput[]): number {
    let added = 0;
    for (const { name, steps, values } of input) {
      let series = this.held.get(name);
      let decimator = this.decimators.get(name);
      if (!series || !decimator) {
        series = { steps: [], values: [] };
        decimator = new MinMaxDecimator(DRAWN_BUCKETS);
        this.held.set(name, series);
        this.decimators.set(name, decimator);
      }
      let last = series.steps.at(-1) ?? -Infinity;
      for (let i = 0; i < steps.length; i++) {
        const x = steps[i]!;
        if (x <= last) continue;
        const y = values[i] ?? null;
        series.steps.push(x);
        series.values.push(y);
        decimator.add(x, y);
        last = x;
        added += 1;
        if (x > this.lastStep) this.lastStep = x;
      }
    }
    return added;
  }

  clear(): void {
    this.held.clear();
    this.decimators.clear();
    this.lastStep = 0;
  }
}
