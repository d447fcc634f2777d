import { StudioError } from '../../shared/api/errors';

/**
 * The manifest of a packed dataset folder (DESIGN.md "Data"): the shape of `images.u8`
 * (count × height × width × channels uint8, row-major) and the classes behind `labels.u32`.
 * Extra top-level fields (sources, hashes, rejects and why) belong to the import feature and are kept.
 */
export interface PackedManifest {
  readonly formatVersion: typeof PACKED_FORMAT_VERSION;
  readonly count: number;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** Empty when the dataset has no classes; then there is no labels.u32. */
  readonly classNames: readonly string[];
  /** classCounts[k] = number of images with label k; sums to count. */
  readonly classCounts: readonly number[];
  readonly [extra: string]: unknown;
}

export const PACKED_FORMAT_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
export const IMAGES_FILE = 'images.u8';
export const LABELS_FILE = 'labels.u32';
/** 1 = grey, 2 = grey + alpha, 3 = RGB, 4 = RGBA. */
export const MAX_CHANNELS = 4;

const REIMPORT = 'Delete the dataset and import it again.';

function isPositiveInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

/** Bytes images.u8 must hold: count · height · width · channels. */
export function expectedImageBytes(manifest: PackedManifest): number {
  return manifest.count * manifest.height * manifest.width * manifest.channels;
}

/** Throws a StudioError naming `where` unless `value` is a manifest this version can read. */
export function validateManifest(value: unknown, where: string): PackedManifest {
  const fail = (what: string): never => {
    throw new StudioError('invalid_input', `The dataset manifest ${where} ${what}. ${REIMPORT}`);
  };
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail('is not a JSON object');
  const m = value as Record<string, unknown>;
  if (typeof m.formatVersion === 'number' && m.formatVersion > PACKED_FORMAT_VERSION) {
    throw new StudioError(
      'invalid_input',
      `The dataset ${where} was written by a newer GAN Studio (format ${m.formatVersion}); ` +
        'update GAN Studio to open it.',
    );
  }
  if (m.formatVersion !== PACKED_FORMAT_VERSION) fail('has no supported formatVersion');
  if (!isCount(m.count)) fail('has no valid image count');
  for (const key of ['height', 'width'] as const) {
    if (!isPositiveInteger(m[key])) fail(`has no valid ${key}`);
  }
  if (!isPositiveInteger(m.channels) || m.channels > MAX_CHANNELS)
    fail(`has channels outside 1–${MAX_CHANNELS}`);
  const names = m.classNames;
  if (!Array.isArray(names) || !names.every((name) => typeof name === 'string')) {
    fail('has no list of class names');
  }
  const counts = m.classCounts;
  if (!Array.isArray(counts) || !counts.every(isCount) || counts.length !== (names as unknown[]).length) {
    fail('has class counts that do not match its class names');
  }
  const total = (counts as number[]).reduce((sum, n) => sum + n, 0);
  if ((names as unknown[]).length > 0 && total !== m.count) {
    fail(`has class counts summing to ${total}, not to its ${String(m.count)} images`);
  }
  return value as PackedManifest;
}
