import { randomBytes } from 'node:crypto';
import { mkdir, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { StudioError } from '../../shared/api/errors';
import {
  IMAGES_FILE,
  LABELS_FILE,
  MANIFEST_FILE,
  MAX_CHANNELS,
  PACKED_FORMAT_VERSION,
  expectedImageBytes,
  validateManifest,
  type PackedManifest,
} from './packed-format-manifest';
import {
  decodeLabels,
  encodeLabels,
  exists,
  isMissing,
  syncDirectory,
  writeFileSynced,
} from './packed-format-io';

export * from './packed-format-manifest';

/** What an import hands to writePackedDataset; count and classCounts are derived, never trusted. */
export interface PackedDatasetInput {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
  /** count × height × width × channels bytes, row-major (HWC per image). */
  readonly images: Uint8Array;
  /** One class index per image; required exactly when classNames is not empty. */
  readonly labels?: Uint32Array | null;
  readonly classNames?: readonly string[];
  /** Kept in the manifest beside the core fields (sources, hashes, rejects…); cannot override them. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

export interface PackedDataset {
  readonly manifest: PackedManifest;
  readonly images: Uint8Array;
  readonly labels: Uint32Array | null;
}

export interface WritePackedOptions {
  /** Replace a dataset already at `dir` (default: refuse with a 'conflict' error). */
  readonly replace?: boolean;
  /**
   * Called with the temporary folder before it is renamed into place, to add more files (thumbnails)
   * that must appear together with the data. Files written here should be fsynced by the caller.
   */
  readonly beforeCommit?: (tempDir: string) => Promise<void>;
}

/** Temporary folders are hidden siblings: `.name.partial-<random>`, never listed as datasets. */
const PARTIAL_MARKER = '.partial-';

export function isPartialWriteName(name: string): boolean {
  return name.startsWith('.') && name.includes(PARTIAL_MARKER);
}

function buildManifest(input: PackedDatasetInput): PackedManifest {
  const { height, width, channels, images } = input;
  const classNames = [...(input.classNames ?? [])];
  const labels = input.labels ?? null;
  const bad = (what: string): never => {
    throw new StudioError('invalid_input', `Cannot write the dataset: ${what}.`);
  };
  for (const [name, value] of Object.entries({ height, width, channels })) {
    if (!Number.isSafeInteger(value) || value < 1) bad(`${name} must be a positive whole number`);
  }
  if (channels > MAX_CHANNELS) bad(`channels must be 1–${MAX_CHANNELS}`);
  const imageBytes = height * width * channels;
  if (images.length % imageBytes !== 0)
    bad(`the image bytes are not a whole number of ${height}×${width}×${channels} images`);
  const count = images.length / imageBytes;
  const classCounts = new Array<number>(classNames.length).fill(0);
  if (classNames.length === 0 && labels !== null) bad('labels were given but no class names');
  if (classNames.length > 0) {
    if (labels === null) return bad('class names were given but no labels');
    if (labels.length !== count) bad(`there are ${labels.length} labels for ${count} images`);
    for (const label of labels) {
      if (label >= classNames.length) bad(`label ${label} is not a class (there are ${classNames.length})`);
      classCounts[label]! += 1;
    }
  }
  return {
    ...input.extra,
    formatVersion: PACKED_FORMAT_VERSION,
    count,
    height,
    width,
    channels,
    classNames,
    classCounts,
  };
}

/**
 * Writes a packed dataset folder at `dir` atomically: every file goes into a hidden temporary sibling
 * folder, is fsynced, and the folder is renamed into place only when complete. A crash leaves either no
 * dataset or a whole one (plus, at worst, a `.partial-` folder to clean up), never a half-written one.
 */
export async function writePackedDataset(
  dir: string,
  input: PackedDatasetInput,
  options: WritePackedOptions = {},
): Promise<PackedManifest> {
  const manifest = buildManifest(input);
  const parent = dirname(dir);
  await mkdir(parent, { recursive: true });
  if (!options.replace && (await exists(dir))) {
    throw new StudioError('conflict', `A dataset already exists at ${dir}; choose another folder.`);
  }
  const temp = join(parent, `.${basename(dir)}${PARTIAL_MARKER}${randomBytes(6).toString('hex')}`);
  await mkdir(temp);
  try {
    await writeFileSynced(join(temp, IMAGES_FILE), input.images);
    if (input.labels) await writeFileSynced(join(temp, LABELS_FILE), encodeLabels(input.labels));
    await options.beforeCommit?.(temp);
    // The manifest goes last: a folder with a manifest is, by construction, a folder whose data is there.
    await writeFileSynced(join(temp, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await syncDirectory(temp);
    if (options.replace && (await exists(dir))) {
      // A folder cannot be renamed onto a non-empty one: move the old one aside, then drop it.
      const old = join(parent, `.${basename(dir)}${PARTIAL_MARKER}old-${randomBytes(6).toString('hex')}`);
      await rename(dir, old);
      try {
        await rename(temp, dir);
      } catch (error) {
        await rename(old, dir); // put the previous dataset back rather than leave none
        throw error;
      }
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(temp, dir);
    }
    await syncDirectory(parent);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
  return manifest;
}

/** Reads and validates only the manifest (for listings that do not need the pixels). */
export async function readPackedManifest(dir: string): Promise<PackedManifest> {
  const path = join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isMissing(error)) {
      throw new StudioError(
        'not_found',
        `No dataset at ${dir}: ${MANIFEST_FILE} is missing. Import the dataset again, or pick another one.`,
      );
    }
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new StudioError(
      'invalid_input',
      `The dataset manifest ${path} is not valid JSON. Delete the dataset and import it again.`,
    );
  }
  return validateManifest(value, path);
}

/** Reads a whole file, first checking its size, so a truncated file is named before it is loaded. */
async function readSized(path: string, expectedBytes: number, what: string): Promise<Uint8Array> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    if (isMissing(error)) {
      throw new StudioError(
        'not_found',
        `The dataset file ${path} (${what}) is missing. Delete the dataset and import it again.`,
      );
    }
    throw error;
  }
  if (size !== expectedBytes) {
    const how = size < expectedBytes ? 'truncated' : 'longer than expected';
    throw new StudioError(
      'invalid_input',
      `The dataset file ${path} (${what}) is ${how}: ${size} bytes where the manifest says ${expectedBytes}. ` +
        'Delete the dataset and import it again.',
    );
  }
  const buffer = await readFile(path);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

/** Loads a packed dataset, checking every file against the manifest. */
export async function readPackedDataset(dir: string): Promise<PackedDataset> {
  const manifest = await readPackedManifest(dir);
  const { count, height, width, channels, classNames, classCounts } = manifest;
  const images = await readSized(
    join(dir, IMAGES_FILE),
    expectedImageBytes(manifest),
    `${count} images of ${height}×${width}×${channels} bytes`,
  );
  if (classNames.length === 0) return { manifest, images, labels: null };

  const labelsPath = join(dir, LABELS_FILE);
  const labels = decodeLabels(await readSized(labelsPath, count * 4, `${count} labels of 4 bytes`));
  const seen = new Array<number>(classNames.length).fill(0);
  for (const label of labels) {
    if (label >= classNames.length) {
      throw new StudioError(
        'invalid_input',
        `The dataset file ${labelsPath} holds label ${label}, but there are only ${classNames.length} classes. ` +
          'Delete the dataset and import it again.',
      );
    }
    seen[label]! += 1;
  }
  if (seen.some((n, k) => n !== classCounts[k])) {
    throw new StudioError(
      'invalid_input',
      `The dataset file ${labelsPath} does not match the class counts in ${MANIFEST_FILE}. ` +
        'Delete the dataset and import it again.',
    );
  }
  return { manifest, images, labels };
}

/** Removes temporary folders left in `parent` by interrupted writes. Call at startup only, when no write runs. */
export async function removePartialWrites(parent: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(parent);
  } catch (error) {
    if (isMissing(error)) return [];
    throw error;
  }
  const partial = names.filter(isPartialWriteName);
  for (const name of partial) await rm(join(parent, name), { recursive: true, force: true });
  return partial;
}
