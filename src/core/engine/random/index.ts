/** Seeded, resumable randomness for the engine: the only source the training loop draws from. */
export { Rng, deriveSeed, assertRngState, RNG_ALGORITHM } from './rng';
export type { RngState } from './rng';
