import type { ApiError, RunSummary } from '@shared/api';
import { defineStore } from 'pinia';
import { onScopeDispose, ref, shallowRef } from 'vue';
import { studio } from '@renderer/api';
import { settle, useResource } from './request';
import { useToastsStore } from './use-toasts-store';

export type RunAction = 'pause' | 'resume' | 'stop' | 'sampleNow';

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
    if (result.error.code === 'not_found') forget(id);
  }

  function forget(id: string): void {
    runsById.value = omit(runsById.value, id);
    list.data.value = list.data.value.filter((run) => run.id !== id);
  }

  /**
   * Re-reads the fields status events do not carry (backend, start and end times), quietly. Status and
   * step are left to the events: this answer may arrive after a newer event and must not undo it.
   */
  async function refreshRun(id: string): Promise<void> {
    const result = await settle(() => studio.runs.get({ id }));
    if (!result.ok) return;
    const { backend, startedAt, endedAt } = result.value;
    patchRun(id, { backend, startedAt, endedAt });
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

  /** Status events received per run: tells an action's answer apart from newer news. */
  const eventsSeen = new Map<string, number>();

  /** Pause, resume (also from the last checkpoint), stop (graceful) or sample now; toasts a refusal. */
  async function control(id: string, action: RunAction): Promise<boolean> {
    const call = {
      pause: () => studio.runs.pause({ id }),
      resume: () => studio.runs.resume({ id }),
      stop: () => studio.runs.stop({ id }),
      sampleNow: () => studio.runs.sampleNow({ id }),
    }[action];
    const seen = eventsSeen.get(id) ?? 0;
    const result = await settle(call);
    if (!result.ok) {
      toasts.push(result.error.message);
      return false;
    }
    // A status event that arrived meanwhile is newer than this answer: keep what it said.
    if ((eventsSeen.get(id) ?? 0) === seen) patchRun(id, result.value);
    if (!runsById.value[id]) runsById.value = { ...runsById.value, [id]: result.value };
    return true;
  }

  async function remove(id: string): Promise<boolean> {
    const name = findRun(id)?.name ?? 'The run';
    const result = await settle(() => studio.runs.delete({ id }));
    if (!result.ok) {
      toasts.push(result.error.message);
      return false;
    }
    forget(id);
    toasts.push(`${name} was deleted.`, 'success');
    return true;
  }

  // Live updates from the trainer, relayed by the host. The store lives as long as the app does.
  const stopProgress = studio.on('run.progress', (event) => {
    const { loss_d: lossD, loss_g: lossG } = event.metrics;
    patchRun(event.runId, {
      step: event.step,
      totalSteps: event.totalSteps,
      ...(lossD === undefined ? {} : { lossD }),
      ...(lossG === undefined ? {} : { lossG }),
    });
  });
  const stopStatus = studio.on('run.status', (event) => {
    eventsSeen.set(event.runId, (eventsSeen.get(event.runId) ?? 0) + 1);
    const patch: Partial<RunSummary> =
      event.status === 'failed'
        ? { status: event.status, failureReason: event.reason }
        : { status: event.status };
    // A run started elsewhere (the CLI, another window) appears without a manual refresh.
    const known = patchRun(event.runId, patch);
    if (!known && list.loaded.value) void list.load();
    // A status change also moves the backend, start and end times: fetch them (quietly) for open runs.
    if (runsById.value[event.runId]) void refreshRun(event.runId);
  });
  // Deleted in another window or browser tab: its lists drop it, and a view open on it says so.
  const stopLibrary = studio.on('library.changed', (event) => {
    if (event.kind !== 'run' || event.change !== 'deleted') return;
    const open = runsById.value[event.id];
    forget(event.id);
    if (open) {
      runErrors.value = {
        ...runErrors.value,
        [event.id]: { code: 'not_found', message: `${open.name} was deleted.` },
      };
    }
  });
  onScopeDispose(() => {
    stopProgress();
    stopStatus();
    stopLibrary();
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
    control,
    remove,
  };
});

function omit<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const rest = { ...record };
  delete rest[key];
  return rest;
}
