import { randomBytes } from 'node:crypto';

/** `up`: a browser upload's staging folder (src/core/datasets/uploads). */
export type IdPrefix = 'ds' | 'run' | 'exp' | 'up';

// Crockford base32 in lower case: its ASCII order equals its numeric order, so ids sort by time as text.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
const TIME_CHARS = 9; // 45 bits of milliseconds: enough until the year 3084
const RANDOM_BYTES = 5; // 40 bits of randomness, written as 8 characters

function encode(value: number, length: number): string {
  let text = '';
  let rest = value;
  for (let i = 0; i < length; i++) {
    text = ALPHABET.charAt(rest % 32) + text;
    rest = Math.floor(rest / 32);
  }
  return text;
}

/**
 * A short, URL-safe id such as `run_01jd5k3x7ab12cd34`: the creation time first, so ids created later
 * sort later (ties within one millisecond sort at random), then random characters so two hosts never clash.
 */
export function createId(prefix: IdPrefix, nowMs: number = Date.now()): string {
  const random = randomBytes(RANDOM_BYTES).readUIntBE(0, RANDOM_BYTES);
  return `${prefix}_${encode(Math.floor(nowMs), TIME_CHARS)}${encode(random, (RANDOM_BYTES * 8) / 5)}`;
}
