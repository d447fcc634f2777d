import * as tfl from '@tensorflow/tfjs-layers';
import type { Initializer } from './layer-types';

/** N(mean, stddev²) with a fixed seed: DCGAN initialises kernels with N(0, 0.02²) and BN γ with N(1, 0.02²). */
export function seededNormal(seed: number, stddev = 0.02, mean = 0): Initializer {
  return tfl.initializers.randomNormal({ mean, stddev, seed });
}
