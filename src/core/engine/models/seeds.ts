import * as tfl from '@tensorflow/tfjs-layers';
import type { Initializer } from './layer-types';

/**
 * A per-layer seed from the model seed and the layer's name (FNV-1a, 32 bits), so every layer draws a
 * different stream and two builds with the same seed draw identical weights.
 */
export function deriveSeed(seed: number, name: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${seed}/${name}`) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** N(mean, stddev²) with a fixed seed: DCGAN initialises kernels with N(0, 0.02²) and BN γ with N(1, 0.02²). */
export function seededNormal(seed: number, stddev = 0.02, mean = 0): Initializer {
  return tfl.initializers.randomNormal({ mean, stddev, seed });
}
