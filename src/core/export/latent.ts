import { deriveSeed, Rng } from '../engine/random';

/**
 * The noise an export feeds the generator, from the studio's seeded RNG: the same seed gives the same
 * vectors on every machine and backend. Each use draws its own named stream of the seed, and vectors are
 * drawn in order, so the first 16 of a 64-image export are the 16 of a 16-image export with that seed.
 */

/** `count` vectors z ~ N(0, I) of `latentSize`, back to back. */
export function exportNoise(seed: number, count: number, latentSize: number): Float32Array {
  return new Rng(deriveSeed(seed, 'export-samples')).fillNormal(new Float32Array(count * latentSize));
}

/**
 * The class of each of `count` samples: none for an unconditional run, `classIndex` for every sample
 * when one is chosen, else the classes in turn (0, 1, …, K − 1, 0, 1, …).
 */
export function exportLabels(
  count: number,
  numClasses: number,
  classIndex: number | null,
): Int32Array | null {
  if (numClasses === 0) return null;
  return Int32Array.from({ length: count }, (_, i) => classIndex ?? i % numClasses);
}

/** The two ends of the interpolation: z₀ and z₁ ~ N(0, I), from a stream of their own. */
function interpolationEnds(seed: number, latentSize: number): [Float32Array, Float32Array] {
  const rng = new Rng(deriveSeed(seed, 'export-interpolation'));
  return [rng.fillNormal(new Float32Array(latentSize)), rng.fillNormal(new Float32Array(latentSize))];
}

/**
 * Spherical linear interpolation (Shoemake 1985; White 2016 for GAN latents), not linear: in high
 * dimensions Gaussian vectors lie near the sphere of radius √d, and the straight line between two of
 * them dips through lower norms the generator never saw in training, which washes out the middle
 * frames. With Ω = arccos(z₀·z₁ / (‖z₀‖‖z₁‖)):
 *   slerp(z₀, z₁; t) = sin((1 − t)Ω)/sin Ω · z₀ + sin(tΩ)/sin Ω · z₁
 * and the straight line (1 − t)·z₀ + t·z₁ when sin Ω is about 0 (parallel ends).
 */
export function slerp(z0: Float32Array, z1: Float32Array, t: number): Float32Array {
  let dot = 0;
  let n0 = 0;
  let n1 = 0;
  for (let i = 0; i < z0.length; i++) {
    const a = z0[i] ?? 0;
    const b = z1[i] ?? 0;
    dot += a * b;
    n0 += a * a;
    n1 += b * b;
  }
  const cosine = Math.max(-1, Math.min(1, dot / (Math.sqrt(n0 * n1) || 1)));
  const omega = Math.acos(cosine);
  const sinOmega = Math.sin(omega);
  const [w0, w1] =
    sinOmega < 1e-6 ? [1 - t, t] : [Math.sin((1 - t) * omega) / sinOmega, Math.sin(t * omega) / sinOmega];
  return Float32Array.from(z0, (a, i) => w0 * a + w1 * (z1[i] ?? 0));
}

/** `steps` points of the walk from z₀ to z₁, both ends included (t = k / (steps − 1)), back to back. */
export function interpolationNoise(seed: number, latentSize: number, steps: number): Float32Array {
  const [z0, z1] = interpolationEnds(seed, latentSize);
  const out = new Float32Array(steps * latentSize);
  for (let k = 0; k < steps; k++) out.set(slerp(z0, z1, steps === 1 ? 0 : k / (steps - 1)), k * latentSize);
  return out;
}
