import { defineStore } from 'pinia';
import { ref } from 'vue';

export type ToastTone = 'error' | 'info' | 'success';

export interface Toast {
  readonly id: number;
  readonly message: string;
  readonly tone: ToastTone;
}

/** Long enough to read two sentences; a toast under the pointer or focus stays until it is left. */
export const TOAST_LIFETIME_MS = 8_000;

export const useToastsStore = defineStore('toasts', () => {
  const toasts = ref<Toast[]>([]);
  // Timers are bookkeeping, not state: kept out of reactivity on purpose.
  const timers = new Map<number, ReturnType<typeof setTimeout>>();
  let nextId = 1;

  function startTimer(id: number): void {
    clearTimeout(timers.get(id));
    timers.set(
      id,
      setTimeout(() => dismiss(id), TOAST_LIFETIME_MS),
    );
  }

  /**
   * Shows a message (verbatim) and returns its id. The same message already on screen is not stacked
   * twice — several stores failing for one reason (the server is down) make one toast, not three.
   */
  function push(message: string, tone: ToastTone = 'error'): number {
    const existing = toasts.value.find((toast) => toast.message === message && toast.tone === tone);
    if (existing) {
      startTimer(existing.id);
      return existing.id;
    }
    const id = nextId++;
    toasts.value.push({ id, message, tone });
    startTimer(id);
    return id;
  }

  function dismiss(id: number): void {
    clearTimeout(timers.get(id));
    timers.delete(id);
    toasts.value = toasts.value.filter((toast) => toast.id !== id);
  }

  /** Pauses auto-dismiss while the person reads or focuses the toast. */
  function hold(id: number): void {
    clearTimeout(timers.get(id));
    timers.delete(id);
  }

  function release(id: number): void {
    if (toasts.value.some((toast) => toast.id === id)) startTimer(id);
  }

  return { toasts, push, dismiss, hold, release };
});
