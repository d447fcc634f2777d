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
// The sets' definitions are shared with the renderer (the new-run form lists them).
import { TOY_DATASETS, type PointMixture, type ToyDatasetName } from '../../../shared/datasets/toy-2d-sets';
export { TOY_DATASETS, isToyDatasetName } from '../../../shared/datasets/toy-2d-sets';
export type { PointMixture, ToyDatasetInfo, ToyDatasetName } from '../../../shared/datasets/toy-2d-sets';

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
    private readonly info: PointMixture,
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

/** Points from any mixture (the playground's drawn ones); its state names the mixture as a built-in's does. */
export function createMixtureBatchSource(mixture: PointMixture, options: ToyBatchSourceOptions): BatchSource {
  return new ToyBatchSource(mixture, options);
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
  dataset: ToyDatasetName | PointMixture,
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
