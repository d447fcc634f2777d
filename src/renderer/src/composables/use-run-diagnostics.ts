import { diagnoseRun, type Alert } from '@shared/diagnostics';
import { modeCountOf } from '@shared/datasets/toy-2d-sets';
import type { TrainingConfig } from '@shared/engine/training-config';
import { onScopeDispose, shallowRef, watch, type Ref } from 'vue';
import type { SeriesStore } from '@renderer/lib/series-store';

/** Diagnosis costs ~50 ms at 100k points per series: at most this often while points stream in. */
const MIN_INTERVAL_MS = 2_000;

/**
 * The run's alerts (src/shared/diagnostics), recomputed from every recorded point — not the charts'
 * decimated view, which the checks' smoothing and noise estimates must not see — when the metrics grow,
 * at most every MIN_INTERVAL_MS.
 */
export function useRunDiagnostics(
  series: SeriesStore,
  version: Ref<number>,
  config: Ref<TrainingConfig | null>,
): Ref<readonly Alert[]> {
  const alerts = shallowRef<readonly Alert[]>([]);
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function run(): void {
    timer = undefined;
    last = performance.now();
    const current = config.value;
    if (!current) return;
    const metrics = Object.fromEntries(series.names().map((name) => [name, series.series(name)]));
    alerts.value = diagnoseRun(metrics, {
      objective: current.objective,
      totalSteps: current.steps,
      modeCount: modeCountOf(current.dataset),
    });
  }

  watch([version, config], () => {
    if (timer) return;
    const wait = Math.max(0, last + MIN_INTERVAL_MS - performance.now());
    timer = setTimeout(run, wait);
  });
  onScopeDispose(() => clearTimeout(timer));
  return alerts;
}
