import { basename, resolve } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { DatasetSummary } from '../../../shared/api/dto';
import { StudioError } from '../../../shared/api/errors';
import { registerPackedDataset } from '../register-packed';
import { throwIfCancelled } from './cancel';
import { decodeCandidates, type DecodedImages } from './decode-candidates';
import { channelCount, parseImportOptions, type ImportOptionsInput } from './import-options';
import { createProgressReporter, type ProgressListener } from './import-progress';
import { describeRejects, type Reject } from './rejects';
import { scanFolder } from './scan-folder';
import { writeThumbnails } from './thumbnails';

export interface ImportContext {
  readonly db: Database;
  readonly dataDir: string;
}

export interface ImportFolderRun {
  /** Cancelling leaves no dataset, no row and no folder behind; the import rejects with 'cancelled'. */
  readonly signal?: AbortSignal;
  readonly onProgress?: ProgressListener;
  /** Files decoded at once; the default suits the machine (benchmarks try others). */
  readonly concurrency?: number;
  /**
   * For built-in datasets staged in a temporary folder: the source to record instead of that folder
   * (null: none), and fields to add to the manifest (licence, attribution).
   */
  readonly source?: { readonly path: string | null; readonly extra: Readonly<Record<string, unknown>> };
}

export interface ImportFolderResult {
  readonly dataset: DatasetSummary;
  /** Every file or folder left out, with why (also kept in the dataset's manifest). */
  readonly rejects: readonly Reject[];
}

function noUsableImages(root: string, rejects: readonly Reject[]): StudioError {
  const why = rejects.length === 0 ? 'it holds no files' : describeRejects(rejects);
  return new StudioError('invalid_input', `No usable images in ${root}: ${why}.`);
}

/**
 * Class names and labels from subfolders: only classes that kept at least one image, in scan order
 * (byte order of the folder names), so class indices are dense and reproducible.
 */
function classesOf(decoded: DecodedImages, subfolders: readonly string[]) {
  const used = new Set(decoded.classIndices);
  const kept = subfolders.map((_, k) => k).filter((k) => used.has(k));
  const newIndex = new Map(kept.map((k, index) => [k, index]));
  const labels = Uint32Array.from(decoded.classIndices, (k) => newIndex.get(k)!);
  return { classNames: kept.map((k) => subfolders[k]!), labels };
}

/**
 * Imports every image under `root` as a new dataset: scan (names, types, sizes), decode (several at
 * once on libuv's pool, each into its slot of one buffer), then write the packed dataset with its
 * thumbnails and manifest atomically and record the row. Files that cannot be used are skipped and
 * reported, never fatal; only a folder with no usable image at all is an error.
 */
export async function importFolder(
  ctx: ImportContext,
  root: string,
  input: ImportOptionsInput = {},
  run: ImportFolderRun = {},
): Promise<ImportFolderResult> {
  const options = parseImportOptions(input);
  const folder = resolve(root);
  const { signal } = run;
  const progress = createProgressReporter(run.onProgress);
  throwIfCancelled(signal);

  const scan = await scanFolder(
    folder,
    {
      labels: options.labels,
      onProgress: (found, skipped) => progress.update({ phase: 'scanning', found, done: 0, skipped }),
    },
    signal,
  );
  const found = scan.candidates.length;
  const scanSkipped = scan.rejects.length;
  progress.update({ phase: 'scanning', found, done: 0, skipped: scanSkipped }, true);
  if (found === 0) throw noUsableImages(folder, scan.rejects);

  progress.startRate();
  const decoded = await decodeCandidates(scan.candidates, {
    settings: options,
    dedupe: options.dedupe,
    ...(run.concurrency !== undefined ? { concurrency: run.concurrency } : {}),
    ...(signal ? { signal } : {}),
    onStep: (done, skipped) =>
      progress.update({ phase: 'decoding', found, done, skipped: scanSkipped + skipped }),
  });
  const rejects = [...scan.rejects, ...decoded.rejects];
  progress.update({ phase: 'decoding', found, done: found, skipped: rejects.length }, true);
  if (decoded.count === 0) throw noUsableImages(folder, rejects);
  throwIfCancelled(signal);

  progress.update({ phase: 'saving', found, done: found, skipped: rejects.length }, true);
  const classes = options.labels === 'subfolders' ? classesOf(decoded, scan.classNames) : null;
  const channels = channelCount(options);
  const dataset = await registerPackedDataset(
    ctx.db,
    ctx.dataDir,
    {
      height: options.size,
      width: options.size,
      channels,
      images: decoded.images,
      labels: classes?.labels ?? null,
      classNames: classes?.classNames ?? [],
      extra: {
        ...run.source?.extra,
        source: run.source ? run.source.path : folder,
        sources: decoded.sources,
        hashes: decoded.hashes,
        rejects,
        options,
      },
      name: options.name ?? basename(folder),
      sourcePath: run.source ? run.source.path : folder,
      options,
      skippedCount: rejects.length,
      meanImage: decoded.mean,
    },
    {
      // Thumbnails go in before the rename, so a dataset never appears without them; a cancel here
      // still removes the temporary folder (writePackedDataset cleans up after any throw).
      beforeCommit: (dir) =>
        writeThumbnails(
          dir,
          { images: decoded.images, count: decoded.count, side: options.size, channels },
          signal,
        ),
    },
  );
  return { dataset, rejects };
}
