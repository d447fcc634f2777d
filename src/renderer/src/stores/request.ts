import type { Result } from '@shared/api';
import { shallowRef, ref, type Ref, type ShallowRef } from 'vue';
import type { ApiError } from '@shared/api';
import { useToastsStore } from './use-toasts-store';

/**
 * Awaits a client call and never throws: hosts answer with a Result, but a broken bridge (no IPC
 * handler yet, a transport bug) rejects instead — that too becomes a sentence a person can read.
 */
export async function settle<T>(call: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await call();
  } catch (cause) {
    const detail = cause instanceof Error ? cause.message : String(cause);
    return {
      ok: false,
      error: {
        code: 'internal',
        message: `The studio did not answer (${detail}). Restart it and try again.`,
      },
    };
  }
}

export interface Resource<T> {
  readonly data: ShallowRef<T>;
  /** True once a load has succeeded: tells "nothing here" apart from "not asked yet". */
  readonly loaded: Ref<boolean>;
  readonly loading: Ref<boolean>;
  readonly error: ShallowRef<ApiError | null>;
  load(): Promise<Result<T>>;
}

/**
 * One remote value owned by a store. A failed load toasts the API's message and keeps the previous
 * data; when loads overlap only the newest answer is applied.
 */
export function useResource<T>(fetch: () => Promise<Result<T>>, initial: T): Resource<T> {
  const toasts = useToastsStore();
  const data = shallowRef(initial) as ShallowRef<T>;
  const loaded = ref(false);
  const loading = ref(false);
  const error = shallowRef<ApiError | null>(null);
  let latest = 0;

  async function load(): Promise<Result<T>> {
    const ticket = ++latest;
    loading.value = true;
    const result = await settle(fetch);
    if (ticket !== latest) return result;
    loading.value = false;
    if (result.ok) {
      data.value = result.value;
      loaded.value = true;
      error.value = null;
    } else {
      error.value = result.error;
      toasts.push(result.error.message);
    }
    return result;
  }

  return { data, loaded, loading, error, load };
}
