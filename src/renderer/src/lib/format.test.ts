import { describe, expect, it } from 'vitest';
import { formatBytes, formatDateTime, formatMetric } from './format';

describe('formatBytes', () => {
  it('uses binary units with one decimal', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(16 * 1024 ** 3)).toBe('16.0 GiB');
  });
});

describe('formatDateTime', () => {
  it('shows a dash for a missing time and unparsable text as given', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('not a date');
  });
});

describe('formatMetric', () => {
  it('shows three significant digits, exponents for tiny and huge values, and a dash for none', () => {
    expect(formatMetric(0.693147)).toBe('0.693');
    expect(formatMetric(12.345)).toBe('12.3');
    expect(formatMetric(0)).toBe('0');
    expect(formatMetric(3.2e-7)).toBe('3.20e-7');
    expect(formatMetric(-250000)).toBe('-2.50e+5');
    expect(formatMetric(null)).toBe('—');
    expect(formatMetric(Number.NaN)).toBe('—');
  });
});
