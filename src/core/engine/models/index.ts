/**
 * tfjs models built from an ArchitectureSpec (src/shared/engine/architecture.ts). Importing this module
 * registers the custom layers with tfjs serialization, so saved models load again.
 */
export { buildDiscriminator, buildGenerator, type BuildOptions } from './build-models';
export { packForDiscriminator, packLabels } from './packing';
export { ChannelNorm } from './channel-norm-layer';
export { LabelEmbedding } from './label-embedding-layer';
export { MinibatchStd } from './minibatch-std-layer';
export { SpectralNorm } from './spectral-norm-layer';
