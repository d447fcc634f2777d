import { InvalidArgumentError } from 'commander';

/** A commander option parser for whole numbers in [min, max], with a sentence when the value is not one. */
export function intIn(min: number, max: number = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(
        max === Number.MAX_SAFE_INTEGER
          ? `expected a whole number of at least ${min}.`
          : `a whole number from ${min} to ${max}.`,
      );
    }
    return n;
  };
}
