import type { EventName, Result, RunSummary } from '@shared/api';
import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it, vi } from 'vitest';

// The real client opens a WebSocket on import; stores are tested against a stand-in with the same shape.
const api = vi.hoisted(() => ({
  datasets: { list: vi.fn() },
  runs: { list: vi.fn(), get: vi.fn() },
  system: { info: vi.fn() },
  listeners: new Map<string, (payload: unknown) => void>(),
}));
vi.mock('@renderer/api', () => ({
  studio: {
    datasets: api.datasets,
    runs: api.runs,
    system: api.system,
    on: (event: EventName, listener: (payload: unknown) => void) => {
      api.listeners.set(event, listener);
      return () => api.listeners.delete(event);
    },
  },
}));

const { useDatasetsStore } = await import('./use-datasets-store');
const { useRunsStore } = await import('./use-runs-store');
const { useToastsStore, TOAST_LIFETIME_MS } = await import('./use-toasts-store');

const run: RunSummary = {
  id: 'r1',
  name: 'first',
  datasetId: 'd1',
  datasetName: 'faces',
  recipe: 'dcgan',
  status: 'running',
  backend: 'wasm',
  step: 10,
  totalSteps: 100,
  createdAt: '2025-01-01T00:00:00Z',
  startedAt: '2025-01-01T00:00:01Z',
  endedAt: null,
  failureReason: null,
  lossD: null,
  lossG: null,
};

function fail(code: 'not_found' | 'unavailable', message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

beforeEach(() => {
  setActivePinia(createPinia());
  vi.clearAllMocks();
});

describe('stores', () => {
  it('toast the API message verbatim on failure and keep the previous data', async () => {
    const datasets = useDatasetsStore();
    const toasts = useToastsStore();
    api.datasets.list.mockResolvedValueOnce({ ok: true, value: [{ id: 'd1' }] });
    await datasets.load();
    api.datasets.list.mockResolvedValueOnce(fail('unavailable', 'The studio is busy. Try again.'));
    await datasets.load();

    expect(datasets.datasets).toEqual([{ id: 'd1' }]);
    expect(datasets.error?.message).toBe('The studio is busy. Try again.');
    expect(toasts.toasts.map((toast) => toast.message)).toEqual(['The studio is busy. Try again.']);
  });

  it('turn a rejected call into a readable error rather than throwing', async () => {
    const datasets = useDatasetsStore();
    api.datasets.list.mockRejectedValueOnce(new Error('No handler registered'));
    const result = await datasets.load();
    expect(result.ok).toBe(false);
    expect(useToastsStore().toasts[0]?.message).toContain('No handler registered');
  });

  it('forget a run the host says does not exist', async () => {
    const runs = useRunsStore();
    api.runs.list.mockResolvedValueOnce({ ok: true, value: [run] });
    await runs.load();
    api.runs.get.mockResolvedValueOnce(fail('not_found', 'There is no run r1.'));
    await runs.loadRun('r1');

    expect(runs.runErrors.r1?.code).toBe('not_found');
    expect(runs.findRun('r1')).toBeNull();
    expect(useToastsStore().toasts[0]?.message).toBe('There is no run r1.');
  });

  it('apply live progress and status events to the runs they name', async () => {
    const runs = useRunsStore();
    api.runs.list.mockResolvedValueOnce({ ok: true, value: [run] });
    await runs.load();
    api.listeners.get('run.progress')?.({
      runId: 'r1',
      step: 50,
      totalSteps: 100,
      imagesPerSecond: 12,
      metrics: { loss_d: 1.25, loss_g: 0.75 },
    });
    expect(runs.findRun('r1')).toMatchObject({ step: 50, lossD: 1.25, lossG: 0.75 });
    api.listeners.get('run.status')?.({ runId: 'r1', status: 'failed', reason: 'Out of memory.' });

    expect(runs.findRun('r1')).toMatchObject({ step: 50, status: 'failed', failureReason: 'Out of memory.' });
  });

  it('drop a run deleted in another window, and tell a view open on it', async () => {
    const runs = useRunsStore();
    const other: RunSummary = { ...run, id: 'r2', name: 'second' };
    api.runs.list.mockResolvedValueOnce({ ok: true, value: [run, other] });
    await runs.load();
    api.runs.get.mockResolvedValueOnce({ ok: true, value: run });
    await runs.loadRun('r1');

    api.listeners.get('library.changed')?.({ kind: 'run', id: 'r1', change: 'deleted' });
    expect(runs.runs.map((r) => r.id)).toEqual(['r2']);
    expect(runs.findRun('r1')).toBeNull();
    expect(runs.runErrors.r1).toEqual({ code: 'not_found', message: 'first was deleted.' });
    // A dataset's news leaves runs alone.
    api.listeners.get('library.changed')?.({ kind: 'dataset', id: 'r2', change: 'deleted' });
    expect(runs.runs.map((r) => r.id)).toEqual(['r2']);
  });

  it('follow datasets imported or deleted in another window', async () => {
    const datasets = useDatasetsStore();
    api.datasets.list.mockResolvedValueOnce({ ok: true, value: [{ id: 'd1' }, { id: 'd2' }] });
    await datasets.load();

    api.listeners.get('library.changed')?.({ kind: 'dataset', id: 'd1', change: 'deleted' });
    expect(datasets.datasets).toEqual([{ id: 'd2' }]);

    api.datasets.list.mockResolvedValueOnce({ ok: true, value: [{ id: 'd2' }, { id: 'd3' }] });
    api.listeners.get('library.changed')?.({ kind: 'dataset', id: 'd3', change: 'added' });
    await vi.waitFor(() => expect(datasets.datasets).toEqual([{ id: 'd2' }, { id: 'd3' }]));
    // One this window already lists (its own import) costs no second request.
    api.listeners.get('library.changed')?.({ kind: 'dataset', id: 'd3', change: 'added' });
    expect(api.datasets.list).toHaveBeenCalledTimes(2);
  });
});

describe('toasts', () => {
  it('stack one toast per message and dismiss it after its lifetime unless held', () => {
    vi.useFakeTimers();
    const toasts = useToastsStore();
    const first = toasts.push('Down.');
    toasts.push('Down.');
    const held = toasts.push('Read me.');
    toasts.hold(held);
    expect(toasts.toasts).toHaveLength(2);

    vi.advanceTimersByTime(TOAST_LIFETIME_MS);
    expect(toasts.toasts.map((toast) => toast.id)).toEqual([held]);
    toasts.release(held);
    vi.advanceTimersByTime(TOAST_LIFETIME_MS);
    expect(toasts.toasts).toHaveLength(0);
    expect(first).not.toBe(held);
    vi.useRealTimers();
  });
});
