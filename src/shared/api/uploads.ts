/**
 * The browser-upload wire format, shared by the server route and the renderer client so neither
 * spells the route or the path rules on its own: `PUT /api/uploads/<uploadId>/files?path=<relative path>`
 * with the file's raw bytes as the body, answered by a Result envelope of `UploadedFile`.
 */

export const UPLOAD_PATH_PARAM = 'path';
/** Ids come from createId('up'): the prefix, then 17 Crockford base32 characters. */
export const UPLOAD_ID_PATTERN = /^up_[0-9a-hjkmnp-tv-z]{17}$/;
export const MAX_UPLOAD_PATH_CHARS = 1000;
export const MAX_UPLOAD_PATH_SEGMENTS = 32;
/** Most file systems cap one name at 255 bytes. */
const MAX_SEGMENT_UTF8_BYTES = 255;

export interface UploadedFile {
  /** The relative path as stored (always `/`-separated). */
  readonly path: string;
  readonly bytes: number;
}

export function isUploadId(value: string): boolean {
  return UPLOAD_ID_PATTERN.test(value);
}

/** The URL path (without query) one file of an upload is PUT to. */
export function uploadFilesPath(uploadId: string): string {
  return `/api/uploads/${uploadId}/files`;
}

const FILES_ROUTE = /^\/api\/uploads\/([^/]*)\/files$/;

/** The upload id of a file route (not yet checked for its format), or null when the path is another route. */
export function matchUploadFilesPath(pathname: string): string | null {
  return FILES_ROUTE.exec(pathname)?.[1] ?? null;
}

export type UploadPathCheck =
  | { readonly ok: true; readonly path: string; readonly segments: readonly string[] }
  | { readonly ok: false; readonly reason: string };

// C0 controls, DEL and C1 controls: never part of a real file name, and NUL truncates paths in C APIs.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Checks a relative path sent by a browser, strictly: it must stay inside the upload's folder on every
 * operating system, so `..`, `.`, empty segments, leading `/`, backslashes (a separator on Windows)
 * and control characters are refused rather than repaired. Names starting with `.` are kept: the
 * importer skips hidden files itself and reports them.
 */
export function checkUploadPath(raw: string): UploadPathCheck {
  const refuse = (reason: string): UploadPathCheck => ({ ok: false, reason });
  if (raw.length === 0) return refuse('the path is empty');
  if (raw.length > MAX_UPLOAD_PATH_CHARS) {
    return refuse(`the path is longer than ${MAX_UPLOAD_PATH_CHARS} characters`);
  }
  if (CONTROL_CHARS.test(raw)) return refuse('the path contains control characters');
  if (raw.includes('\\')) return refuse('the path contains a backslash; separate folders with /');
  if (raw.startsWith('/')) return refuse('the path is absolute; send it relative to the dropped folder');
  const segments = raw.split('/');
  if (segments.length > MAX_UPLOAD_PATH_SEGMENTS) {
    return refuse(`the path is more than ${MAX_UPLOAD_PATH_SEGMENTS} folders deep`);
  }
  for (const segment of segments) {
    if (segment === '') return refuse('the path has an empty folder name (// or a trailing /)');
    if (segment === '.' || segment === '..') return refuse('the path contains . or .. segments');
    if (utf8Length(segment) > MAX_SEGMENT_UTF8_BYTES) {
      return refuse(`the name "${segment.slice(0, 40)}…" is longer than ${MAX_SEGMENT_UTF8_BYTES} bytes`);
    }
  }
  return { ok: true, path: segments.join('/'), segments };
}

/** UTF-8 byte length without TextEncoder, which src/shared cannot assume (no DOM or Node types here). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
  }
  return bytes;
}
