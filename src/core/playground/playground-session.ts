import * as tf from '@tensorflow/tfjs-core';
import { PROBABILITY_OBJECTIVES } from '../../shared/engine/objective';
import type { TrainingConfig } from '../../shared/engine/training-config';
import type { PlaygroundFrame } from '../../shared/playground/playground-frame';
import {
  playgroundExtent,
  playgroundMixture,
  playgroundTrainingConfig,
  type PlaygroundSetup,
} from '../../shared/playground/playground-setup';
import { disposeBatch, disposeDiscriminatorResult, drawNoise, nextBatch } from '../engine/batch-tensors';
import { createMixtureBatchSource, measureModeCoverage, type PointMixture } from '../engine/data';
import { generatorLoss } from '../engine/objectives';
import { deriveSeed } from '../engine/random';
import { fixedNoise } from '../engine/train';
import { createTrainingParts, type TrainingParts } from '../engine/training-parts';
import {
  discriminatorStep,
  generatorStep,
  type DiscriminatorStepResult,
  type GeneratorStepResult,
} from '../engine/train-steps';

/**
 * A 2-D GAN stepped by hand: the playground's engine. It is the studio's engine — the parts a run is
 * built from (`createTrainingParts`), the batches it draws (`nextBatch`) and its update steps
 * (`discriminatorStep`, `generatorStep`) — with the loop taken apart so a person can take one D or one
 * G update at a time, and a `frame()` that measures everything the view draws.
 */
export type PlaygroundFrameData = Omit<PlaygroundFrame, 'sessionId'>;

const REAL_POINTS = 500;
const HEATMAP_SIZE = 40;
const NOISE_GRID_SIZE = 15;
/** The noise grid spans ±2.5 standard deviations of z. */
const NOISE_GRID_REACH = 2.5;
const ARROWS = 64;

export class PlaygroundSession {
  readonly config: TrainingConfig;
  readonly mixture: PointMixture;
  readonly extent: number;
  private readonly parts: TrainingParts;
  private readonly fixedZ: tf.Tensor2D;
  private readonly real: (number | null)[];
  private readonly heatmapGrid: tf.Tensor2D;
  private readonly noiseGrid: tf.Tensor2D;
  private lastD: DiscriminatorStepResult | null = null;
  private lastG: GeneratorStepResult | null = null;
  private dUpdates = 0;
  private gUpdates = 0;

  constructor(readonly setup: PlaygroundSetup) {
    this.config = playgroundTrainingConfig(setup);
    this.mixture = playgroundMixture(setup.data);
    this.extent = playgroundExtent(setup.data);
    const source = createMixtureBatchSource(this.mixture, { seed: deriveSeed(setup.seed, 'data') });
    this.parts = createTrainingParts(this.config, source);
    const { latentSize } = this.config.architecture;
    this.fixedZ = tf.tensor2d(fixedNoise(this.config).z, [this.config.sampleCount, latentSize]);
    // The real points on show come from a stream of their own: drawing them never moves training's.
    const display = createMixtureBatchSource(this.mixture, { seed: deriveSeed(setup.seed, 'display') });
    this.real = roundAll(display.nextBatch(REAL_POINTS).x);
    this.heatmapGrid = planeGrid(HEATMAP_SIZE, this.extent);
    this.noiseGrid = latentGrid(NOISE_GRID_SIZE, latentSize);
  }

  get updates(): { readonly d: number; readonly g: number } {
    return { d: this.dUpdates, g: this.gUpdates };
  }

  /** One discriminator update on a fresh batch. */
  stepDiscriminator(): void {
    const batch = nextBatch(this.parts.source, this.config, this.parts.noiseRng);
    const result = discriminatorStep(this.parts.setup, batch);
    disposeBatch(batch);
    if (this.lastD) disposeDiscriminatorResult(this.lastD);
    this.lastD = result;
    this.dUpdates += 1;
  }

  /** One generator update against the discriminator as it is now. */
  stepGenerator(): void {
    const { latentSize, numClasses } = this.config.architecture;
    const { noise, labels } = drawNoise(this.parts.noiseRng, this.config.batchSize, latentSize, numClasses);
    const result = generatorStep(this.parts.setup, noise, labels);
    tf.dispose(labels ? [noise, labels] : [noise]);
    if (this.lastG) tf.dispose([this.lastG.lossG, this.lastG.gradNormG]);
    this.lastG = result;
    this.gUpdates += 1;
  }

  /** A training step as a run takes it: n_critic D updates, then one G update. */
  step(): void {
    for (let k = 0; k < this.config.nCritic; k++) this.stepDiscriminator();
    this.stepGenerator();
  }

  /** Everything the view draws, read back in one go. */
  async frame(): Promise<PlaygroundFrameData> {
    const { generator, discriminator, objective } = this.parts.setup;
    const probability = PROBABILITY_OBJECTIVES.includes(objective);
    const computed = tf.tidy(() => {
      const fake = generator.apply(this.fixedZ, { training: false }) as tf.Tensor2D;
      const logits = discriminator.apply(this.heatmapGrid, { training: false }) as tf.Tensor;
      const surface = probability ? tf.sigmoid(logits) : logits;
      const grid = generator.apply(this.noiseGrid, { training: false }) as tf.Tensor;
      // Where G's loss pushes its samples: −∂L_G/∂x at each sample, D held as it is. The loss is a mean,
      // so the gradient is scaled back by the count to be each sample's own.
      const count = Math.min(ARROWS, fake.shape[0]);
      const pushed = tf.slice(fake, [0, 0], [count, 2]);
      const loss = (x: tf.Tensor) =>
        generatorLoss(objective, discriminator.apply(x, { training: false }) as tf.Tensor);
      const descent = tf.mul(tf.grad(loss)(pushed), -count);
      return { fake, surface, grid, arrows: tf.concat([pushed, descent], 1) };
    });
    const [fake, surface, grid, arrows, metrics] = await Promise.all([
      computed.fake.data() as Promise<Float32Array>,
      computed.surface.data() as Promise<Float32Array>,
      computed.grid.data() as Promise<Float32Array>,
      computed.arrows.data() as Promise<Float32Array>,
      this.readMetrics(),
    ]);
    tf.dispose(Object.values(computed));
    const coverage = measureModeCoverage(fake, this.mixture);
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (const v of surface) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return {
      gUpdates: this.gUpdates,
      dUpdates: this.dUpdates,
      extent: this.extent,
      real: this.real,
      fake: roundAll(fake),
      heatmap: {
        size: HEATMAP_SIZE,
        values: roundAll(surface),
        kind: probability ? 'probability' : 'score',
        min: Number.isFinite(min) ? min : 0,
        max: Number.isFinite(max) ? max : 0,
      },
      noiseGrid: {
        rows: this.noiseGrid.shape[0] / NOISE_GRID_SIZE,
        cols: NOISE_GRID_SIZE,
        points: roundAll(grid),
      },
      // [points | descent] concatenated on axis 1: x, y, dx, dy per row. Not rounded: a saturated loss
      // has gradients far below 1e-4, and showing that they are tiny but there is the point.
      arrows: Array.from(arrows, (v) => (Number.isFinite(v) ? v : null)),
      metrics,
      coverage: {
        modesCaptured: coverage.modesCaptured,
        modeCount: coverage.modeCount,
        highQualityPct: coverage.highQualityPct,
      },
    };
  }

  /** The metrics of the latest D and G updates (null before the first of each; NaN as null). */
  private async readMetrics(): Promise<PlaygroundFrameData['metrics']> {
    const read = async (t: tf.Scalar | undefined) => (t ? finiteOrNull((await t.data())[0]!) : null);
    const d = this.lastD;
    const g = this.lastG;
    return {
      lossD: await read(d?.lossD),
      lossG: await read(g?.lossG),
      dReal: await read(d?.dReal),
      dFake: await read(d?.dFake),
      divergence: d?.divergence ? { name: d.divergence.name, value: await read(d.divergence.value) } : null,
      gradNormD: await read(d?.gradNormD),
      gradNormG: await read(g?.gradNormG),
    };
  }

  dispose(): void {
    if (this.lastD) disposeDiscriminatorResult(this.lastD);
    if (this.lastG) tf.dispose([this.lastG.lossG, this.lastG.gradNormG]);
    tf.dispose([this.fixedZ, this.heatmapGrid, this.noiseGrid]);
    this.parts.dispose();
  }
}

/** The centres of a size×size grid over [−extent, extent]², row by row from the top (y = extent) down. */
function planeGrid(size: number, extent: number): tf.Tensor2D {
  const values = new Float32Array(size * size * 2);
  const at = (i: number) => -extent + ((i + 0.5) * 2 * extent) / size;
  for (let row = 0; row < size; row++) {
    for (let col = 0; col < size; col++) {
      values[2 * (row * size + col)] = at(col);
      values[2 * (row * size + col) + 1] = -at(row);
    }
  }
  return tf.tensor2d(values, [size * size, 2]);
}

/**
 * A grid over the first two noise dimensions, the others 0: rows×cols latent vectors (a single row when
 * z has one dimension). G maps it to the warped mesh the view draws.
 */
function latentGrid(size: number, latentSize: number): tf.Tensor2D {
  const rows = latentSize >= 2 ? size : 1;
  const values = new Float32Array(rows * size * latentSize);
  const at = (i: number) => -NOISE_GRID_REACH + (i * 2 * NOISE_GRID_REACH) / (size - 1);
  for (let row = 0; row < rows; row++) {
    for (let col = 0; col < size; col++) {
      const offset = (row * size + col) * latentSize;
      values[offset] = at(col);
      if (latentSize >= 2) values[offset + 1] = at(size - 1 - row);
    }
  }
  return tf.tensor2d(values, [rows * size, latentSize]);
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** Four decimals are plenty on a canvas and keep each frame small; NaN and ±∞ become null (as in JSON). */
function roundAll(values: ArrayLike<number>): (number | null)[] {
  return Array.from(values, (v) => (Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : null));
}
