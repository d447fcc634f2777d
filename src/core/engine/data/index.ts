/** The data side of the engine: batches as plain typed arrays, with states that resume exactly. */
export { assertBatchSize, sampleLength } from './batch-source';
export type {
  Batch,
  BatchSource,
  BatchSourceState,
  ImageBatchSourceState,
  PointsBatchSourceState,
} from './batch-source';
export { createImageBatchSource } from './image-batch-source';
export type { ImageBatchSourceOptions, ImageDataset } from './image-batch-source';
export { withPrefetch } from './prefetch';
export type { PrefetchingBatchSource } from './prefetch';
export {
  TOY_DATASETS,
  createMixtureBatchSource,
  createToyBatchSource,
  isToyDatasetName,
  measureModeCoverage,
} from './toy-2d';
export type {
  ModeCoverage,
  PointMixture,
  ToyBatchSourceOptions,
  ToyDatasetInfo,
  ToyDatasetName,
} from './toy-2d';
