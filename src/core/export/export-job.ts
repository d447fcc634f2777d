import type { BackendName } from '../../shared/api/dto';
import type { TrainingConfig } from '../../shared/engine/training-config';
import type { ImageExportOptions, SampledSpec } from './image-export-plan';

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

/** Images from an exported generator (generators.sample): its folder was checked by the host. */
interface GeneratorSampleJob {
  readonly kind: 'sample';
  /** Absolute: the folder holding model.json and its weights. */
  readonly modelDir: string;
  /** What generator.json says the model takes and gives. */
  readonly spec: SampledSpec;
  /** The weights are a run's averaged generator (as generator.json says). */
  readonly averaged: boolean;
  /** The backend it was exported on, used when it loads here (else the best that does). */
  readonly preferBackend: BackendName | null;
  readonly options: ImageExportOptions;
  readonly outDir: string;
}

export type ExportJob =
  | (CheckpointJob & { readonly kind: 'images'; readonly options: ImageExportOptions })
  | (CheckpointJob & { readonly kind: 'model' })
  | GeneratorSampleJob;

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
