import { z } from 'zod';
import { ImportOptions } from '../datasets/import-options';
import { TrainingConfig } from '../engine/training-config';
import {
  PLAYGROUND_ACTIONS,
  PlaygroundFrame,
  PlaygroundSpeed,
  PlaygroundState,
} from '../playground/playground-frame';
import { PlaygroundSetup } from '../playground/playground-setup';
import { DatasetSummary, RunStatus, RunSummary, SystemInfo } from './dto';

/**
 * The one table of everything the renderer (or a script) can ask a host, and everything a host pushes.
 * The Electron preload and handlers, the server's HTTP/WebSocket bridge and the renderer client are all
 * generated from these two objects: add a method here and every host has it.
 *
 * Method names are `namespace.verb`; the client exposes them as `studio.namespace.verb(input)`.
 * Inputs are strict objects so a misspelt field is an error, not silently ignored.
 */

const NoInput = z.object({}).strict();
const Id = z.string().trim().min(1, 'an id is required').max(200);
const RunRef = z.object({ id: Id }).strict();
const DatasetRef = z.object({ id: Id }).strict();
/** Chosen by the caller, so it can match progress events and cancel before the import answers. */
const ImportId = z.string().trim().min(1).max(100);
const Skipped = z.object({ path: z.string(), kind: z.string(), reason: z.string() });

const DatasetDetail = DatasetSummary.extend({
  classCounts: z.array(z.number().int()),
  options: z.unknown(),
  /** Every file the import did not use, with why. */
  skipped: z.array(Skipped),
  /** Relative to the data directory; null for datasets without previews. */
  mosaic: z.string().nullable(),
  thumbnails: z.array(z.string()),
  /** Licence and attribution of built-in datasets taken from a package. */
  attribution: z.string().nullable(),
});
const Step = z.number().int().min(0);
const UploadRef = z.object({ uploadId: Id }).strict();

/** One metric of one run. NaN and ±Inf travel as null (JSON has no such numbers). */
const MetricSeries = z.object({
  name: z.string(),
  steps: z.array(z.number()),
  values: z.array(z.number().nullable()),
  wallTimes: z.array(z.number()),
});

/** A checkpoint of a run: its step, or the newest. */
/** Chosen by the view, so it can tell its own session's frames from a previous one's. */
const PlaygroundSessionId = z.string().trim().min(1).max(100);

const CheckpointRef = z.union([z.literal('latest'), Step]);
/** Chosen by the caller, so progress events can be matched and the export cancelled before it answers. */
const ExportId = z.string().trim().min(1).max(100);
/** A file an export wrote: where it is, and (when it lies in the data directory) its media path. */
const ExportedFile = z.object({
  kind: z.enum(['image', 'grid', 'interpolation', 'gif', 'metadata', 'model', 'weights', 'csv', 'points']),
  path: z.string(),
  /** Relative to the data directory, for `/media` (server) or `studio://media` (desktop); else null. */
  mediaPath: z.string().nullable(),
});
const ExportResult = z.object({
  exportId: z.string(),
  /** The folder the files were written to (absolute). */
  dir: z.string(),
  files: z.array(ExportedFile),
});
/** Where an export goes: a folder on this machine, or (omitted) `exports/<exportId>/` in the data directory. */
const OutDir = z.string().min(1).max(4096).optional();
/** Options shared by exports.images and generators.sample. */
const ImageCount = z.number().int().min(1).max(4096).default(64);
const Seed = z
  .number()
  .int()
  .min(0)
  .max(2 ** 32 - 1)
  .default(1);
const Upscale = z.union([z.literal(1), z.literal(2), z.literal(4), z.literal(8)]).default(1);
/** A class of a conditional generator, or null: the classes in turn. */
const ClassIndex = z.number().int().min(0).nullable().default(null);

/** A generator exported into the data directory (exports.model), with the facts of its generator.json. */
const GeneratorSummary = z.object({
  /** The id of the model export that wrote it. */
  exportId: z.string(),
  /** Its folder (absolute). */
  dir: z.string(),
  /** The run and checkpoint step it was exported from (the run may have been deleted since). */
  runId: z.string(),
  runName: z.string(),
  step: z.number().int(),
  createdAt: z.string(),
  latentSize: z.number().int(),
  /** Null for a 2-D (points) generator. */
  resolution: z.object({ height: z.number().int(), width: z.number().int() }).nullable(),
  channels: z.number().int().nullable(),
  numClasses: z.number().int(),
});
/**
 * An exported generator: a folder on this machine holding generator.json, model.json and weights.bin
 * (absolute), or a generator exported into the data directory, by the id of its model export.
 */
const GeneratorSource = z.union([
  z.object({ dir: z.string().min(1).max(4096) }).strict(),
  z.object({ exportId: ExportId }).strict(),
]);

export const methods = {
  'system.info': { input: NoInput, output: SystemInfo },
  /**
   * The desktop app's folder chooser (a native dialog). Only the Electron host answers it; the server and
   * the CLI answer `unavailable` (a browser uploads a folder instead). `path` is null when cancelled.
   */
  'system.pickFolder': { input: NoInput, output: z.object({ path: z.string().nullable() }) },
  'datasets.list': { input: NoInput, output: z.array(DatasetSummary) },
  'datasets.get': { input: DatasetRef, output: DatasetDetail },
  /** Imports a folder on this machine (the desktop app, the CLI). Long: progress comes as dataset.progress. */
  'datasets.import': {
    input: z
      .object({ path: z.string().min(1).max(4096), importId: ImportId, options: ImportOptions })
      .strict(),
    output: z.object({ dataset: DatasetSummary, skipped: z.array(Skipped) }),
  },
  /** Imports a browser upload (server host) once all its files have arrived, then removes the upload. */
  'datasets.importUpload': {
    input: z.object({ uploadId: Id, importId: ImportId, options: ImportOptions }).strict(),
    output: z.object({ dataset: DatasetSummary, skipped: z.array(Skipped) }),
  },
  /** Removes a dataset's row and its folder. Runs trained on it keep their records and samples. */
  'datasets.delete': { input: DatasetRef, output: z.object({ id: z.string() }) },
  'datasets.cancelImport': { input: z.object({ importId: ImportId }).strict(), output: z.boolean() },
  /** A built-in dataset, written as a packed dataset like any import: shapes (drawn) or emoji (Noto). */
  'datasets.importBuiltin': {
    input: z
      .object({
        name: z.enum(['shapes', 'emoji']),
        resolution: z.union([z.literal(16), z.literal(32), z.literal(64), z.literal(128)]).default(32),
        count: z.number().int().min(10).max(100_000).default(5000),
        channels: z.union([z.literal(1), z.literal(3)]).default(3),
      })
      .strict(),
    output: DatasetSummary,
  },
  /**
   * Browser upload (server host): announce a dropped folder, then PUT its files to
   * `/api/uploads/<uploadId>/files?path=…` (src/shared/api/uploads.ts). Refused when the announced
   * size or count is over the host's limits; `maxFileBytes` lets the client refuse a too-large file
   * before sending it.
   */
  'uploads.create': {
    input: z
      .object({
        name: z.string().trim().min(1, 'the folder needs a name').max(200),
        fileCount: z.number().int().min(1, 'the folder holds no files'),
        totalBytes: z.number().int().min(0),
      })
      .strict(),
    output: z.object({ uploadId: z.string(), maxFileBytes: z.number() }),
  },
  /** Stops an upload and removes everything received so far. */
  'uploads.cancel': { input: UploadRef, output: z.object({ uploadId: z.string() }) },
  /** Files and bytes received completely so far. */
  'uploads.status': {
    input: UploadRef,
    output: z.object({ files: z.number().int(), bytes: z.number() }),
  },
  'runs.list': { input: NoInput, output: z.array(RunSummary) },
  'runs.get': { input: RunRef, output: RunSummary },
  'runs.config': { input: RunRef, output: TrainingConfig },
  'runs.start': {
    input: z.object({ name: z.string().trim().max(200).optional(), config: TrainingConfig }).strict(),
    output: RunSummary,
  },
  'runs.pause': { input: RunRef, output: RunSummary },
  /** Continues a paused run, or a stopped, interrupted or failed one from its last checkpoint. */
  'runs.resume': { input: RunRef, output: RunSummary },
  /** Graceful: finishes the step and writes a checkpoint. */
  'runs.stop': { input: RunRef, output: RunSummary },
  'runs.sampleNow': { input: RunRef, output: RunSummary },
  /** Removes a run's records and its folder. Refused (conflict) while it is queued, running or paused. */
  'runs.delete': { input: RunRef, output: z.object({ id: z.string() }) },
  'runs.metrics': {
    input: z
      .object({
        id: Id,
        names: z.array(z.string().min(1).max(100)).max(50).optional(),
        fromStep: Step.optional(),
        toStep: Step.optional(),
        /**
         * For charts of long runs: at most about this many points per metric, the lowest and highest of
         * each step range (spikes and NaN gaps kept). Omitted: every point.
         */
        maxPoints: z.number().int().min(100).max(100_000).optional(),
      })
      .strict(),
    output: z.array(MetricSeries),
  },
  'runs.samples': {
    input: RunRef,
    output: z.array(z.object({ step: z.number().int(), path: z.string(), createdAt: z.string() })),
  },
  /**
   * An image snapshot's sample (by its place in the snapshot grid) and its nearest training images in
   * the studio's fixed feature space, with their raw pixels (base64, H×W×C bytes): is the generator
   * copying its data? Written by the trainer at each snapshot of an image run.
   */
  'runs.nearest': {
    input: z.object({ id: Id, step: Step, sample: z.number().int().min(0).max(4095) }).strict(),
    output: z.object({
      step: z.number().int(),
      sample: z.number().int(),
      /** Training images the search covered, of datasetCount. */
      searched: z.number().int(),
      datasetCount: z.number().int(),
      /** The mean distance between two training images, for scale. */
      typicalDistance: z.number(),
      height: z.number().int(),
      width: z.number().int(),
      channels: z.number().int(),
      classNames: z.array(z.string()),
      neighbours: z.array(z.object({ index: z.number().int(), distance: z.number(), pixels: z.string() })),
    }),
  },
  'runs.checkpoints': {
    input: RunRef,
    output: z.array(z.object({ step: z.number().int(), sizeBytes: z.number(), createdAt: z.string() })),
  },
  /**
   * Images from a run's checkpoint, generated in a process of its own: `count` PNGs at the training
   * resolution (× `upscale`, nearest neighbour), optionally a contact-sheet grid, a latent interpolation
   * strip of `interpolation` steps between two noise vectors, and an animated GIF of that walk. For a
   * conditional run, `classIndex` picks one class (null: classes in turn). Deterministic for a seed.
   * Never overwrites: an existing target folder that is not empty is refused (conflict). A JSON file
   * beside the images records run, checkpoint step, seed, options and config hash. 2-D runs write a
   * `points.csv` (`x,y` per line, no header) instead of images. Progress comes as `export.progress`.
   */
  'exports.images': {
    input: z
      .object({
        runId: Id,
        exportId: ExportId,
        checkpoint: CheckpointRef.default('latest'),
        count: ImageCount,
        seed: Seed,
        upscale: Upscale,
        grid: z.boolean().default(true),
        /** Steps of the interpolation strip; 0 for none. */
        interpolation: z.number().int().min(0).max(64).default(0),
        gif: z.boolean().default(false),
        classIndex: ClassIndex,
        outDir: OutDir,
      })
      .strict(),
    output: ExportResult,
  },
  /**
   * The generator of a checkpoint as a TensorFlow.js Layers model (model.json + weights) with
   * generator.json: latent size, resolution, channels, classes, output scaling, run and step.
   */
  'exports.model': {
    input: z
      .object({ runId: Id, exportId: ExportId, checkpoint: CheckpointRef.default('latest'), outDir: OutDir })
      .strict(),
    output: ExportResult,
  },
  /**
   * Every metric of the runs as one CSV: run_id, run_name, metric, step, value, wall_time. Written as
   * `metrics.csv` in the export folder, or to `outFile` (a new file: an existing one is refused, conflict;
   * not together with outDir) — the CLI's `metrics --out <file.csv>`.
   */
  'exports.metrics': {
    input: z
      .object({
        runIds: z.array(Id).min(1).max(50),
        exportId: ExportId,
        outDir: OutDir,
        outFile: z.string().min(1).max(4096).optional(),
      })
      .strict(),
    output: ExportResult,
  },
  'exports.cancel': { input: z.object({ exportId: ExportId }).strict(), output: z.boolean() },
  /**
   * The generators exported into the data directory (`exports` rows of exports.model whose folder still
   * exists and holds a readable generator.json), newest first.
   */
  'generators.list': { input: NoInput, output: z.array(GeneratorSummary) },
  /**
   * Images from an exported generator, without its run: the generator is loaded from its files
   * (tf.loadLayersModel) in an export process and fed the noise exports.images feeds for the same seed,
   * so a generator exported from a checkpoint gives the same bytes as exports.images of that checkpoint.
   * `count` PNGs (× `upscale`) and optionally a contact sheet; 2-D generators write points.csv. An
   * invalid folder (generator.json or model.json missing or wrong, a weights file outside the folder)
   * is refused (invalid_input) before anything runs. export.json records the source generator (its
   * generator.json), seed and options. Never overwrites; progress as `export.progress`, cancel with
   * exports.cancel.
   */
  'generators.sample': {
    input: z
      .object({
        exportId: ExportId,
        source: GeneratorSource,
        count: ImageCount,
        seed: Seed,
        grid: z.boolean().default(true),
        classIndex: ClassIndex,
        upscale: Upscale,
        outDir: OutDir,
      })
      .strict(),
    output: ExportResult,
  },
  /**
   * Starts the interactive playground: a small 2-D GAN in a process of its own, paused at step 0 until
   * `play`. Frames come as `playground.frame`, play/pause/end as `playground.state`. One session at a
   * time: starting one ends the one before. A session nobody has called for a minute ends by itself
   * (the view pings while open), so a closed browser tab leaves nothing running.
   */
  'playground.start': {
    input: z
      .object({
        sessionId: PlaygroundSessionId,
        setup: PlaygroundSetup,
        stepsPerSecond: PlaygroundSpeed.default(null),
      })
      .strict(),
    output: z.object({ sessionId: z.string() }),
  },
  /** false when the session has ended (or never was). */
  'playground.control': {
    input: z.object({ sessionId: PlaygroundSessionId, action: z.enum(PLAYGROUND_ACTIONS) }).strict(),
    output: z.boolean(),
  },
  'playground.speed': {
    input: z.object({ sessionId: PlaygroundSessionId, stepsPerSecond: PlaygroundSpeed }).strict(),
    output: z.boolean(),
  },
  'playground.stop': { input: z.object({ sessionId: PlaygroundSessionId }).strict(), output: z.boolean() },
} as const;

export const events = {
  'dataset.progress': z.object({
    importId: z.string(),
    phase: z.enum(['scanning', 'decoding', 'saving']),
    found: z.number().int(),
    done: z.number().int(),
    skipped: z.number().int(),
    imagesPerSecond: z.number(),
    etaSeconds: z.number().nullable(),
  }),
  'run.progress': z.object({
    runId: z.string(),
    step: z.number().int(),
    totalSteps: z.number().int(),
    imagesPerSecond: z.number(),
    metrics: z.record(z.string(), z.number()),
  }),
  'run.sample': z.object({
    runId: z.string(),
    step: z.number().int(),
    /** Relative to the data directory (runs/<id>/samples/<step>.png); the UI's API layer makes a URL of it. */
    path: z.string(),
    /** Mode coverage of a 2-D run's snapshot. */
    coverage: z
      .object({ modesCaptured: z.number().int(), modeCount: z.number().int(), highQualityPct: z.number() })
      .nullable(),
  }),
  'export.progress': z.object({
    exportId: z.string(),
    done: z.number().int(),
    total: z.number().int(),
  }),
  'run.status': z.object({ runId: z.string(), status: RunStatus, reason: z.string().nullable() }),
  /**
   * A dataset or a run appeared or was deleted (through any window, browser tab or the server's API), so
   * every other open view can update its lists without a reload. New runs also announce themselves
   * through 'run.status'.
   */
  'library.changed': z.object({
    kind: z.enum(['dataset', 'run']),
    id: z.string(),
    change: z.enum(['added', 'deleted']),
  }),
  'playground.frame': PlaygroundFrame,
  'playground.state': PlaygroundState,
} as const;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
export type EventName = keyof typeof events;

/** What a caller passes (before defaults are applied) and what a handler receives (after). */
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Methods[M]['input']>;
export type MethodOutput<M extends MethodName> = z.output<Methods[M]['output']>;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isMethodName(value: unknown): value is MethodName {
  return typeof value === 'string' && Object.hasOwn(methods, value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && Object.hasOwn(events, value);
}

/** `system.info` ⇄ `/api/system/info`: the server's HTTP routes are derived, never written by hand. */
export function methodToPath(method: MethodName): string {
  return `/api/${method.replace('.', '/')}`;
}

export function pathToMethod(pathname: string): MethodName | null {
  const match = /^\/api\/([a-z][a-zA-Z]*)\/([a-z][a-zA-Z]*)$/.exec(pathname);
  const candidate = match ? `${match[1]}.${match[2]}` : null;
  return isMethodName(candidate) ? candidate : null;
}
