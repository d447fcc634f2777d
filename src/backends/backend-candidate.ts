import type * as tfCore from '@tensorflow/tfjs-core';
import type { BackendName } from '../shared/api/dto';

/**
 * One compute backend a host may train on (candidates.ts lists them, best first). It knows how to load
 * its package and how to describe itself; `probe-backends.ts` decides which one is used.
 */
export interface BackendCandidate {
  readonly name: BackendName;
  readonly package: string;
  /** Registers the backend with tfjs-core; throws when the package or its native parts are missing. */
  load(): Promise<void>;
  /**
   * What it runs on, once it has been activated. `findings` is what `examine` found, when the probe
   * examined it.
   */
  describe(tf: typeof tfCore, findings?: string): string;
  /** Turns a load failure into a sentence that says why and what to do. */
  explainFailure(error: unknown): string;
  /**
   * A closer look before it loads, in a separate process, at what it would really run on: for reports
   * (`gan-studio info`, the System view) only, never at a run's start, as it may take seconds. Returns
   * findings for `describe`; throws when loading it would crash or stall the host process.
   */
  examine?(): Promise<string>;
  /**
   * Frees what `load` holds beyond tfjs's registry (a GPU device keeps Node from exiting) when this
   * process will not compute on it. The next `load` makes it usable again.
   */
  release?(tf: typeof tfCore): void;
}

/** An error whose message is already the sentence a person should read (explainFailure passes it on). */
export class ExplainedError extends Error {
  override readonly name = 'ExplainedError';
}

export function isModuleMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

export function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.trim() ?? text;
}

/**
 * Imports an optional dependency. A string specifier keeps bundlers and type checks from requiring it,
 * so the studio builds and runs where it is not installed.
 */
export async function importOptional<T>(specifier: string): Promise<T> {
  return (await import(/* @vite-ignore */ specifier)) as T;
}
