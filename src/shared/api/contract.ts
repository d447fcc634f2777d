import { z } from 'zod';
import { TrainingConfig } from '../engine/training-config';
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
const Step = z.number().int().min(0);

/** One metric of one run. NaN and ±Inf travel as null (JSON has no such numbers). */
const MetricSeries = z.object({
  name: z.string(),
  steps: z.array(z.number()),
  values: z.array(z.number().nullable()),
  wallTimes: z.array(z.number()),
});

export const methods = {
  'system.info': { input: NoInput, output: SystemInfo },
  'datasets.list': { input: NoInput, output: z.array(DatasetSummary) },
  /** A procedurally drawn built-in dataset, written as a packed dataset like any import. */
  'datasets.importBuiltin': {
    input: z
      .object({
        name: z.literal('shapes'),
        resolution: z.union([z.literal(16), z.literal(32), z.literal(64), z.literal(128)]).default(32),
        count: z.number().int().min(10).max(100_000).default(5000),
        channels: z.union([z.literal(1), z.literal(3)]).default(3),
      })
      .strict(),
    output: DatasetSummary,
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
  'runs.metrics': {
    input: z
      .object({
        id: Id,
        names: z.array(z.string().min(1).max(100)).max(50).optional(),
        fromStep: Step.optional(),
        toStep: Step.optional(),
      })
      .strict(),
    output: z.array(MetricSeries),
  },
  'runs.samples': {
    input: RunRef,
    output: z.array(z.object({ step: z.number().int(), path: z.string(), createdAt: z.string() })),
  },
  'runs.checkpoints': {
    input: RunRef,
    output: z.array(z.object({ step: z.number().int(), sizeBytes: z.number(), createdAt: z.string() })),
  },
} as const;

export const events = {
  'dataset.progress': z.object({
    datasetId: z.string(),
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
  'run.status': z.object({ runId: z.string(), status: RunStatus, reason: z.string().nullable() }),
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
