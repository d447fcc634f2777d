/**
 * Exponential moving average with debiasing, as TensorBoard smooths: s_t = α·s_(t−1) + (1 − α)·x_t from
 * s_0 = 0, divided by (1 − α^t) so the first points are not pulled towards zero. Nulls (NaN steps) stay
 * gaps and do not advance t. α = 0 returns the values unchanged. In Compare it runs on the store's
 * decimated points, which smooths a long run over step ranges rather than single steps — the same
 * shape, cheaper.
 */
export function debiasedEma(values: readonly (number | null)[], alpha: number): (number | null)[] {
  if (alpha <= 0) return [...values];
  let smoothed = 0;
  let count = 0;
  return values.map((value) => {
    if (value === null) return null;
    smoothed = alpha * smoothed + (1 - alpha) * value;
    count += 1;
    return smoothed / (1 - alpha ** count);
  });
}
