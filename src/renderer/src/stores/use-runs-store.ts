import type { ApiError, RunSummary } from '@shared/api';
import { defineStore } from 'pinia';
import { onScopeDispose, ref, shallowRef } from 'vue';
import { studio } from '@renderer/api';
import { settle, useResource } from './request';
import { useToastsStore } from './use-toasts-store';

export const useRunsStore = defineStore('runs', () => {
  const toasts = useToastsStore();
  const list = useResource<RunSummary[]>(() => studio.runs.list(), []);

  /** Runs fetched one by one (`runs.get`), and the last error per id. Replaced, never mutated. */
  const runsById = shallowRef<Readonly<Record<string, RunSummary>>>({});
  const runErrors = shallowRef<Readonly<Record<string, ApiError>>>({});
  const loadingRunId = ref<string | null>(null);

  async function loadRun(id: string): Promise<void> {
    loadingRunId.value = id;
    const result = await settle(() => studio.runs.get({ id }));
    if (loadingRunId.value === id) loadingRunId.value = null;
    if (result.ok) {
      runsById.value = { ...runsById.value, [id]: result.value };
      runErrors.value = omit(runErrors.value, id);
      return;
    }
    toasts.push(result.error.message);
    runErrors.value = { ...runErrors.value, [id]: result.error };
    // Other failures keep what we had; a run that no longer exists must not linger on screen.
    if (result.error.code === 'not_found') {
      runsById.value = omit(runsById.value, id);
      list.data.value = list.data.value.filter((run) => run.id !== id);
    }
  }

  /** The freshest copy we hold of a run, from `runs.get` or else from the list. */
  function findRun(id: string): RunSummary | null {
    return runsById.value[id] ?? list.data.value.find((run) => run.id === id) ?? null;
  }

  function patchRun(id: string, patch: Partial<RunSummary>): boolean {
    let known = false;
    list.data.value = list.data.value.map((run) => {
      if (run.id !== id) return run;
      known = true;
      return { ...run, ...patch };
    });
    const single = runsById.value[id];
    if (single) {
      known = true;
      runsById.value = { ...runsById.value, [id]: { ...single, ...patch } };
    }
    return known;
  }

  // Live updates from the trainer, relayed by the host. The store lives as long as the app does.
  const stopProgress = studio.on('run.progress', (event) => {
    patchRun(event.runId, { step: event.step, totalSteps: event.totalSteps });
  });
  const stopStatus = studio.on('run.status', (event) => {
    const patch: Partial<RunSummary> =
      event.status === 'failed'
        ? { status: event.status, failureReason: event.reason }
        : { status: event.status };
    // A run started elsewhere (the CLI, another window) appears without a manual refresh.
    if (!patchRun(event.runId, patch) && list.loaded.value) void list.load();
  });
  onScopeDispose(() => {
    stopProgress();
    stopStatus();
  });

  return {
    runs: list.data,
    loaded: list.loaded,
    loading: list.loading,
    error: list.error,
    load: list.load,
    runsById,
    runErrors,
    loadingRunId,
    loadRun,
    findRun,
  };
});

function omit<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const rest = { ...record };
  delete rest[key];
  return rest;
}
