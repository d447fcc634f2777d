/**
 * Images (and a 2-D run's points) in the data directory, as the UI loads them: dataset previews under
 * `datasets/<id>/thumbs/`, sample grids under `runs/<id>/samples/`, and the files of exports made into
 * the data directory, directly under `exports/<id>/` (PNG, GIF, JSON and CSV: to show and download;
 * not a model's weights, nor the hidden `.…partial-` folder of an export being written). Paths are
 * relative to the data directory, as the API returns them. Electron serves them at
 * `studio://media/<path>`; the server at `/media/<path>?token=…`. Both answer only paths this pattern
 * accepts — never the store, a dataset's manifest (it names files on this machine), checkpoints
 * (`runs/<id>/checkpoints/<step>/state.json`) or anything else.
 */
export const MEDIA_PATH_PATTERN =
  /^\/(?:(?:datasets\/[^/]+\/thumbs|runs\/[^/]+\/samples)\/[^/]+\.(?:png|jpe?g|webp|gif|json)|exports\/[^/.][^/]*\/[^/]+\.(?:png|gif|json|csv))$/i;

/** The server's URL prefix for media. */
export const MEDIA_ROUTE = '/media';

/**
 * `runs/r1/samples/000100.png` → whether a host may serve it. The path must be decoded already (check
 * after percent-decoding, not before). `.`/`..`/empty segments, backslashes (a separator on Windows)
 * and NUL are refused outright, so a path cannot step from an allowed folder into another.
 */
export function isMediaPath(relativePath: string): boolean {
  if (/[\\\0]/.test(relativePath)) return false;
  if (relativePath.split('/').some((segment) => segment === '' || segment === '.' || segment === '..'))
    return false;
  return MEDIA_PATH_PATTERN.test(`/${relativePath}`);
}
