import { z } from 'zod';
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

export const methods = {
  'system.info': { input: NoInput, output: SystemInfo },
  'datasets.list': { input: NoInput, output: z.array(DatasetSummary) },
  'runs.list': { input: NoInput, output: z.array(RunSummary) },
  'runs.get': { input: z.object({ id: Id }).strict(), output: RunSummary },
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
  'run.sample': z.object({ runId: z.string(), step: z.number().int(), url: z.string() }),
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
