/** Numbers in evidence sentences: three significant digits, no exponent for everyday magnitudes. */
export function formatValue(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && (magnitude < 1e-3 || magnitude >= 1e5)) return value.toExponential(1);
  return String(Number(value.toPrecision(3)));
}

/** A ratio as a whole percentage: 0.034 → "3 %". */
export function formatPercent(ratio: number): string {
  return `${Math.round(100 * ratio)} %`;
}
