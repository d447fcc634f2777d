import { z } from 'zod';

/** Data shapes that travel across the contract. Timestamps are ISO-8601 strings (JSON-safe). */

export const BACKEND_NAMES = ['tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export const BackendName = z.enum(BACKEND_NAMES);
export type BackendName = z.infer<typeof BackendName>;

export const BackendReport = z.object({
  name: BackendName,
  /** The npm package that provides it. */
  package: z.string(),
  /** `active`: chosen for training; `available`: loads but a better one won; `unavailable`: does not load. */
  status: z.enum(['active', 'available', 'unavailable']),
  /** One sentence: what it runs on, or why it does not load and what to do about it. */
  detail: z.string(),
});
export type BackendReport = z.infer<typeof BackendReport>;

export const HostKind = z.enum(['electron', 'server', 'cli']);
export type HostKind = z.infer<typeof HostKind>;

export const SystemInfo = z.object({
  appVersion: z.string(),
  host: HostKind,
  platform: z.string(),
  arch: z.string(),
  cpuCount: z.number().int(),
  totalMemoryBytes: z.number(),
  versions: z.record(z.string(), z.string()),
  dataDir: z.string(),
  storePath: z.string(),
  schemaVersion: z.number().int(),
  backends: z.array(BackendReport),
  activeBackend: BackendName.nullable(),
});
export type SystemInfo = z.infer<typeof SystemInfo>;

export const DATASET_STATUSES = ['importing', 'ready', 'failed'] as const;
export const DatasetSummary = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(DATASET_STATUSES),
  sourcePath: z.string().nullable(),
  imageCount: z.number().int(),
  skippedCount: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
  channels: z.number().int(),
  classNames: z.array(z.string()),
  createdAt: z.string(),
});
export type DatasetSummary = z.infer<typeof DatasetSummary>;

export const RUN_STATUSES = [
  'queued',
  'running',
  'paused',
  'stopped',
  'completed',
  'failed',
  'interrupted',
] as const;
export const RunStatus = z.enum(RUN_STATUSES);
export type RunStatus = z.infer<typeof RunStatus>;

export const RunSummary = z.object({
  id: z.string(),
  name: z.string(),
  datasetId: z.string().nullable(),
  datasetName: z.string().nullable(),
  recipe: z.string(),
  status: RunStatus,
  backend: BackendName.nullable(),
  step: z.number().int(),
  totalSteps: z.number().int(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  failureReason: z.string().nullable(),
  /** The last recorded discriminator and generator losses (null before the first, or when NaN). */
  lossD: z.number().nullable(),
  lossG: z.number().nullable(),
});
export type RunSummary = z.infer<typeof RunSummary>;
