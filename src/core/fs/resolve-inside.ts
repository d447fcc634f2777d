import { isAbsolute, join, normalize, relative } from 'node:path';
import { isMediaPath } from '../../shared/api/media';

/**
 * `root` joined with a URL path, or null when the result would leave `root` (`..`, absolute paths,
 * NUL bytes). Every place that maps a request to a file goes through here.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  if (urlPath.includes('\0')) return null;
  const candidate = normalize(join(root, urlPath));
  const rel = relative(root, candidate);
  if (rel === '') return candidate;
  return !rel.startsWith('..') && !isAbsolute(rel) ? candidate : null;
}

/** Like `resolveInside`, for a raw (percent-encoded) URL pathname; null when it does not decode. */
export function resolveUrlPathInside(root: string, rawPathname: string): string | null {
  try {
    return resolveInside(root, decodeURIComponent(rawPathname));
  } catch {
    return null;
  }
}

/**
 * A media file in the data directory from a raw (percent-encoded) URL path relative to it
 * (`runs/r1/samples/100.png`), or null unless its decoded form is a media path (`isMediaPath`) that
 * stays inside `dataDir`. Decoded first, so `%2e%2e` and `%2f` are judged as what they mean.
 */
export function resolveMediaPath(dataDir: string, rawRelativePath: string): string | null {
  let relativePath: string;
  try {
    relativePath = decodeURIComponent(rawRelativePath);
  } catch {
    return null;
  }
  return isMediaPath(relativePath) ? resolveInside(dataDir, relativePath) : null;
}
