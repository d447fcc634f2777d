import type { Result } from './errors';
import {
  METHOD_NAMES,
  type EventName,
  type EventPayload,
  type MethodInput,
  type MethodName,
  type MethodOutput,
} from './contract';

/**
 * The typed client every caller uses, built from the contract table over any transport: the Electron
 * preload builds `window.studio` from an IPC transport, the browser builds the same object over a
 * WebSocket. Nothing here knows which.
 */

export type Unsubscribe = () => void;

/** The two primitives a host link must provide. */
export interface StudioTransport {
  invoke(method: MethodName, input: unknown): Promise<Result<unknown>>;
  subscribe(event: EventName, listener: (payload: unknown) => void): Unsubscribe;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{}` is the point: "has no required key"
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
type NamespaceOf<M extends string> = M extends `${infer N}.${string}` ? N : never;
type VerbsOf<N extends string> = {
  readonly [M in MethodName as M extends `${N}.${infer V}` ? V : never]: (
    // Methods whose input has no required field can be called with no argument.
    ...args: [RequiredKeys<MethodInput<M>>] extends [never]
      ? [input?: MethodInput<M>]
      : [input: MethodInput<M>]
  ) => Promise<Result<MethodOutput<M>>>;
};

export type StudioApi = {
  readonly [N in NamespaceOf<MethodName>]: VerbsOf<N>;
} & {
  /** Subscribe to a pushed event; call the returned function to stop listening. */
  readonly on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => Unsubscribe;
};

export function createStudioClient(transport: StudioTransport): StudioApi {
  const api: Record<string, Record<string, unknown>> = {};
  for (const method of METHOD_NAMES) {
    const [namespace, verb] = method.split('.') as [string, string];
    api[namespace] ??= {};
    api[namespace][verb] = (input?: unknown) => transport.invoke(method, input ?? {});
  }
  const on = (event: EventName, listener: (payload: unknown) => void): Unsubscribe =>
    transport.subscribe(event, listener);
  return { ...api, on } as unknown as StudioApi;
}
