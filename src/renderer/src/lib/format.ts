import type { HostKind } from '@shared/api';

export { formatBytes } from '@shared/format-bytes';

/** Display helpers shared by views. Pure, locale-aware, never throw. */

const count = new Intl.NumberFormat(undefined);
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatCount(value: number): string {
  return count.format(value);
}

/** An ISO timestamp in the person's locale; null → an em dash; unparsable → the text as given. */
export function formatDateTime(iso: string | null): string {
  if (iso === null) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateTime.format(date);
}

export const HOST_DESCRIPTIONS: Readonly<Record<HostKind, string>> = {
  electron: 'the desktop app',
  server: 'a server, opened in a browser',
  cli: 'the command line',
};

/** A metric's value at a glance: three significant digits, exponent form when tiny or huge; null → —. */
export function formatMetric(value: number | null | undefined): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  const size = Math.abs(value);
  if (size !== 0 && (size < 1e-3 || size >= 1e5)) return value.toExponential(2);
  return Number(value.toPrecision(3)).toString();
}
