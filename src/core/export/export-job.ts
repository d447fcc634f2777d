import type { TrainingConfig } from '../../shared/engine/training-config';
import type { ImageExportOptions } from './image-export-plan';

/**
 * Work the host hands an export process (the trainer script, started in its export mode): everything
 * it needs to rebuild the generator of one checkpoint and write files into `outDir`, a fresh temporary
 * folder the host publishes when the process has finished. The process never opens the database.
 */
interface CheckpointJob {
  readonly config: TrainingConfig;
  readonly configHash: string;
  /** Absolute: runs/<id>/checkpoints/<step>/. */
  readonly checkpointFolder: string;
  /** Absolute, existing and empty. */
  readonly outDir: string;
}

export type ExportJob =
  | (CheckpointJob & { readonly kind: 'images'; readonly options: ImageExportOptions })
  | (CheckpointJob & { readonly kind: 'model' });

/** Progress units of a model export: the generator restored, then its files written. */
export const MODEL_EXPORT_UNITS = 2;

export const EXPORT_CANCELLED = 'The export was cancelled; nothing was written.';

/** The names of the files exports write (folders hold nothing else). */
export const EXPORT_FILES = {
  grid: 'grid.png',
  interpolation: 'interpolation.png',
  gif: 'interpolation.gif',
  points: 'points.csv',
  scatter: 'scatter.png',
  metadata: 'export.json',
  model: 'model.json',
  weights: 'weights.bin',
  generator: 'generator.json',
  metrics: 'metrics.csv',
} as const;

/**
 * The studio's own tfjs layer classes (src/core/engine/models): a loader must register them to read an
 * exported generator that uses them. Listed here so the host can name them without loading tfjs.
 */
export const CUSTOM_LAYER_CLASSES = [
  'SpectralNorm',
  'ChannelNorm',
  'LabelEmbedding',
  'MinibatchStd',
] as const;
