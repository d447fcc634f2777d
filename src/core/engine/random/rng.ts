/**
 * The one source of randomness of the training loop (noise, batch order, flips), seeded and with a
 * state that is plain JSON, so a run resumed from a checkpoint draws exactly the numbers an uninterrupted
 * run would have drawn. Math.random cannot do that: it can be neither seeded nor saved.
 *
 * Generator: xoshiro128** (Blackman & Vigna, 2018) over four uint32 words — 2^128 − 1 period, passes
 * BigCrush, and needs only 32-bit integer operations, which JavaScript does fast (Math.imul, >>>).
 */

const TWO_POW_32 = 4294967296;
const INV_TWO_POW_32 = 1 / TWO_POW_32;
const TWO_PI = 2 * Math.PI;

export const RNG_ALGORITHM = 'xoshiro128**';

/** Everything needed to continue a sequence: the four generator words and Box–Muller's spare normal. */
export interface RngState {
  readonly algorithm: typeof RNG_ALGORITHM;
  /** The xoshiro128** state, four uint32 values, not all zero. */
  readonly words: readonly [number, number, number, number];
  /** The second normal of the last Box–Muller pair, not handed out yet (null when none is waiting). */
  readonly spareNormal: number | null;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * SplitMix32-style finaliser: a bijective avalanche of one uint32 (every input bit flips about half of
 * the output bits), used to spread seeds into generator words.
 */
function mix32(value: number): number {
  let z = value >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/** Splits a safe integer (negative allowed) into low and high uint32 halves, so no seed bits are lost. */
function splitSeed(seed: number): [number, number] {
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`A random seed must be a whole number, got ${String(seed)}.`);
  }
  const low = seed >>> 0;
  const high = Math.floor(seed / TWO_POW_32) >>> 0;
  return [low, high];
}

/** FNV-1a over the string's UTF-16 code units, then mixed: a stable 32-bit name for a stream. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return mix32(hash);
}

/**
 * A seed for an independent stream ('data', 'noise', 'init', …) of one run seed: the same (seed, stream)
 * always gives the same uint32, and different streams give unrelated sequences, so drawing more noise
 * never shifts the batch order.
 */
export function deriveSeed(seed: number, stream: string): number {
  const [low, high] = splitSeed(seed);
  const streamHash = hashString(stream);
  return mix32(mix32(low ^ streamHash) ^ mix32(high + 0x9e3779b9) ^ Math.imul(streamHash, 0x85ebca6b));
}

/** Four generator words from a seed, via a SplitMix32 sequence (the seeding the xoshiro authors advise). */
function seedWords(seed: number): [number, number, number, number] {
  const [low, high] = splitSeed(seed);
  let counter = mix32(low) ^ mix32(high ^ 0x5bd1e995);
  const words: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    counter = (counter + 0x9e3779b9) >>> 0;
    words[i] = mix32(counter);
  }
  // The all-zero state is xoshiro's one fixed point; SplitMix practically never yields it, but be sure.
  if ((words[0] | words[1] | words[2] | words[3]) === 0) words[0] = 1;
  return words;
}

function isUint32(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < TWO_POW_32;
}

/** Throws unless `state` is a usable RngState (it may come from a checkpoint file). */
export function assertRngState(state: unknown): asserts state is RngState {
  const candidate = state as Partial<RngState> | null;
  const words = candidate?.words;
  const valid =
    candidate !== null &&
    typeof candidate === 'object' &&
    candidate.algorithm === RNG_ALGORITHM &&
    Array.isArray(words) &&
    words.length === 4 &&
    words.every(isUint32) &&
    words.some((word) => word !== 0) &&
    (candidate.spareNormal === null ||
      (typeof candidate.spareNormal === 'number' && Number.isFinite(candidate.spareNormal)));
  if (!valid) throw new TypeError('The saved random-number state is damaged or from another generator.');
}

export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spare: number | null = null;

  constructor(seed: number) {
    [this.s0, this.s1, this.s2, this.s3] = seedWords(seed);
  }

  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    rng.setState(state);
    return rng;
  }

  /** The next raw uint32 of xoshiro128**: result = rotl(s1·5, 7)·9, then the linear state update. */
  nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform on [0, 1) with 32 bits of resolution: u = next / 2^32. */
  uniform(): number {
    return this.nextUint32() * INV_TWO_POW_32;
  }

  /** An unbiased integer in [0, n), for 1 ≤ n ≤ 2^32, by rejecting the top partial block of 2^32. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new RangeError(`int(n) needs a whole n between 1 and 2^32, got ${String(n)}.`);
    }
    // Accept x < limit, the largest multiple of n not above 2^32; then x mod n is exactly uniform.
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return x % n;
    }
  }

  /**
   * Standard normal N(0, 1) by Box–Muller: with u1 ∈ (0, 1], u2 ∈ [0, 1),
   * r = √(−2 ln u1), θ = 2π u2, z0 = r cos θ, z1 = r sin θ. z1 is kept as the spare (part of the state)
   * and returned by the next call. Box–Muller always takes two uniforms, unlike the polar method's
   * rejection loop, so the cost per pair is fixed. |z| ≤ √(64 ln 2) ≈ 6.66 with 32-bit uniforms.
   */
  normal(): number {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return z;
    }
    const u1 = 1 - this.uniform();
    const u2 = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    const theta = TWO_PI * u2;
    // `+ 0` turns −0 into +0, which JSON cannot tell apart, so a saved spare restores bit for bit.
    this.spare = r * Math.sin(theta) + 0;
    return r * Math.cos(theta);
  }

  /** Fills `out` with N(mean, std²) values, in the same order as repeated normal() calls. */
  fillNormal(out: Float32Array, mean = 0, std = 1): Float32Array {
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** Fisher–Yates (Durstenfeld): for i from n−1 down to 1, swap a[i] with a[j], j uniform in [0, i]. */
  shuffleInPlace<T extends { length: number; [index: number]: unknown }>(array: T): T {
    for (let i = array.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const held = array[i];
      array[i] = array[j];
      array[j] = held;
    }
    return array;
  }

  getState(): RngState {
    return {
      algorithm: RNG_ALGORITHM,
      words: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0],
      spareNormal: this.spare,
    };
  }

  setState(state: RngState): void {
    assertRngState(state);
    [this.s0, this.s1, this.s2, this.s3] = state.words;
    this.spare = state.spareNormal;
  }

  /** An independent copy at the same position (for look-ahead without disturbing this one). */
  clone(): Rng {
    return Rng.fromState(this.getState());
  }
}
