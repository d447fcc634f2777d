import type { HostKind } from '@shared/api';

/** Display helpers shared by views. Pure, locale-aware, never throw. */

const count = new Intl.NumberFormat(undefined);
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatCount(value: number): string {
  return count.format(value);
}

/** Binary units, one decimal: 17179869184 → "16.0 GiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
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
