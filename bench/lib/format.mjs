/** Three significant figures at most, no exponent; thousands separated. */
export function formatRate(value) {
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  return value.toPrecision(3);
}

/** One throughput measurement (bench/lib/throughput.mjs) as a phrase for the log. */
export function describeFigure(row) {
  if (row.imagesPerSecond !== null && row.imagesPerSecond !== undefined) {
    const warm = row.warm ? `after ${row.warmup} warm-up` : 'no warm-up';
    const capped = row.capped ? `, cut at the ${row.capSeconds} s cap` : '';
    return `${formatRate(row.imagesPerSecond)} img/s (${row.stepsTimed} steps in ${row.secondsTimed.toFixed(1)} s, ${warm}${capped})`;
  }
  if (row.upperBound)
    return `< ${formatRate(row.upperBound)} img/s (no step finished within the ${row.capSeconds} s cap)`;
  return 'no figure';
}
