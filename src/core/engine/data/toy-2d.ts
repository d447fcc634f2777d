import { StudioError } from '../../../shared/api/errors';
import { Rng, assertRngState, deriveSeed } from '../random/rng';
import {
  assertBatchSize,
  type Batch,
  type BatchSource,
  type BatchSourceState,
  type PointsBatchSourceState,
} from './batch-source';

/**
 * The built-in 2-D Gaussian mixtures (DESIGN.md "Built-in datasets"), the classic mode-collapse
 * testbeds: every mode is known, so coverage can be measured exactly instead of estimated.
 */
export type ToyDatasetName = 'ring8' | 'grid25';

export interface ToyDatasetInfo {
  readonly name: ToyDatasetName;
  readonly title: string;
  readonly description: string;
  /** Mode centres (x, y); each mode has equal weight. */
  readonly modes: readonly (readonly [number, number])[];
  /** Standard deviation of each isotropic Gaussian mode. */
  readonly sigma: number;
}

/** 8 centres evenly on the unit circle: (cos 2πk/8, sin 2πk/8), k = 0…7. */
const RING8_MODES = Array.from({ length: 8 }, (_, k) => {
  const angle = (2 * Math.PI * k) / 8;
  return [Math.cos(angle), Math.sin(angle)] as const;
});

/** 25 centres on {−4, −2, 0, 2, 4}². */
const GRID25_MODES = [-4, -2, 0, 2, 4].flatMap((x) => [-4, -2, 0, 2, 4].map((y) => [x, y] as const));

export const TOY_DATASETS: Readonly<Record<ToyDatasetName, ToyDatasetInfo>> = {
  ring8: {
    name: 'ring8',
    title: 'Ring of 8 Gaussians',
    description: '8 Gaussian modes evenly spaced on a circle of radius 1, σ = 0.01.',
    modes: RING8_MODES,
    sigma: 0.01,
  },
  grid25: {
    name: 'grid25',
    title: 'Grid of 25 Gaussians',
    description: '25 Gaussian modes on the grid {−4, −2, 0, 2, 4}², σ = 0.05.',
    modes: GRID25_MODES,
    sigma: 0.05,
  },
};

export function isToyDatasetName(name: string): name is ToyDatasetName {
  return Object.hasOwn(TOY_DATASETS, name);
}

export interface ToyBatchSourceOptions {
  readonly seed: number;
  /** Hand out each point's mode index as its label (for conditional GANs); default false. */
  readonly modeLabels?: boolean;
}

class ToyBatchSource implements BatchSource {
  readonly kind = 'points';
  readonly sampleShape: readonly number[] = [2];
  /** Points are drawn fresh every time: there is no finite set to go through. */
  readonly size = Number.POSITIVE_INFINITY;
  readonly numClasses: number;
  private rng: Rng;

  constructor(
    private readonly info: ToyDatasetInfo,
    options: ToyBatchSourceOptions,
  ) {
    this.rng = new Rng(deriveSeed(options.seed, `toy:${info.name}`));
    this.numClasses = options.modeLabels ? info.modes.length : 0;
  }

  /** x = μ_k + σ·(n1, n2), with k uniform over the modes and n1, n2 ~ N(0, 1). */
  nextBatch(batchSize: number): Batch {
    assertBatchSize(batchSize);
    const { modes, sigma } = this.info;
    const x = new Float32Array(batchSize * 2);
    const labels = this.numClasses > 0 ? new Int32Array(batchSize) : null;
    for (let i = 0; i < batchSize; i++) {
      const k = this.rng.int(modes.length);
      const [mx, my] = modes[k]!;
      x[2 * i] = mx + sigma * this.rng.normal();
      x[2 * i + 1] = my + sigma * this.rng.normal();
      if (labels) labels[i] = k;
    }
    return { x, labels };
  }

  getState(): PointsBatchSourceState {
    return { kind: 'points', version: 1, dataset: this.info.name, rng: this.rng.getState() };
  }

  setState(state: BatchSourceState): void {
    if (state.kind !== 'points' || state.version !== 1 || state.dataset !== this.info.name) {
      throw new StudioError(
        'invalid_input',
        `The saved data position is not one of the ${this.info.name} dataset; resume the run with its own dataset.`,
      );
    }
    assertRngState(state.rng);
    this.rng = Rng.fromState(state.rng);
  }
}

export function createToyBatchSource(name: ToyDatasetName, options: ToyBatchSourceOptions): BatchSource {
  return new ToyBatchSource(TOY_DATASETS[name], options);
}

export interface ModeCoverage {
  /** Modes with at least one high-quality sample nearest to them. */
  readonly modesCaptured: number;
  readonly modeCount: number;
  /** Percentage (0–100) of samples within 3σ of their nearest mode. */
  readonly highQualityPct: number;
  /** High-quality samples nearest to each mode, in the order of the dataset's modes. */
  readonly perMode: number[];
}

/**
 * Mode coverage as PacGAN (Lin et al., 2018) defines it: a sample is high quality when
 * ‖x − μ_nearest‖ ≤ 3σ, and a mode is captured when at least one high-quality sample is nearest to it.
 * For true samples the distance is Rayleigh(σ), so P(high quality) = 1 − e^(−9/2) ≈ 98.9 %.
 */
export function measureModeCoverage(
  points: Float32Array,
  dataset: ToyDatasetName | ToyDatasetInfo,
): ModeCoverage {
  const info = typeof dataset === 'string' ? TOY_DATASETS[dataset] : dataset;
  if (points.length % 2 !== 0) throw new RangeError('Points must be N×2 values (x, y pairs).');
  const { modes, sigma } = info;
  const limitSquared = (3 * sigma) ** 2;
  const perMode = new Array<number>(modes.length).fill(0);
  const count = points.length / 2;
  let highQuality = 0;
  for (let i = 0; i < count; i++) {
    const x = points[2 * i]!;
    const y = points[2 * i + 1]!;
    let nearest = 0;
    let nearestSquared = Number.POSITIVE_INFINITY;
    for (let k = 0; k < modes.length; k++) {
      const [mx, my] = modes[k]!;
      const d = (x - mx) ** 2 + (y - my) ** 2;
      if (d < nearestSquared) {
        nearestSquared = d;
        nearest = k;
      }
    }
    // NaN (a diverged generator) compares false: never high quality.
    if (nearestSquared <= limitSquared) {
      highQuality += 1;
      perMode[nearest]! += 1;
    }
  }
  return {
    modesCaptured: perMode.filter((n) => n > 0).length,
    modeCount: modes.length,
    highQualityPct: count === 0 ? 0 : (100 * highQuality) / count,
    perMode,
  };
}
