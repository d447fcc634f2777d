/** What better-sqlite3 accepts as a bound parameter. */
export type SqlValue = string | number | bigint | Buffer | null;

/** Views a Uint8Array as a Buffer without copying: better-sqlite3 binds Buffers as BLOBs. */
export function toBlob(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Timestamps are ISO-8601 text in UTC: they sort as text and cross the contract as they are. */
export function toTimestamp(date: Date): string {
  return date.toISOString();
}
