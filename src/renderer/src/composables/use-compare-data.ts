import type { MethodOutput, RunSummary } from '@shared/api';
import type { TrainingConfig } from '@shared/engine/training-config';
import { shallowRef, watch, type Ref } from 'vue';
import { studio } from '@renderer/api';
import { settle } from '@renderer/stores/request';
import { useToastsStore } from '@renderer/stores/use-toasts-store';

export type MetricSeries = MethodOutput<'runs.metrics'>[number];
export type Snapshot = MethodOutput<'runs.samples'>[number];

export interface ComparedRun {
  readonly run: RunSummary;
  readonly config: TrainingConfig;
  readonly samples: readonly Snapshot[];
  readonly series: ReadonlyMap<string, MetricSeries>;
  /** A colour per run, the same in every chart and column. */
  readonly colour: string;
}

/** Points per metric and run: ~2 per pixel of a wide chart, so 8 runs of 100k steps load in one go. */
export const COMPARE_MAX_POINTS = 2000;

/** Distinct on light and dark backgrounds, in the order runs are picked. */
export const RUN_COLOURS = [
  '#5b5bd6',
  '#e07a2e',
  '#2a9d8f',
  '#d6336c',
  '#8a6d00',
  '#1f6bb8',
  '#7c3aed',
  '#52525b',
];

/**
 * Everything Compare shows for the chosen runs, loaded together whenever the choice changes: summary,
 * config, snapshots and every metric — decimated in the store to COMPARE_MAX_POINTS points per series.
 * A run that cannot be loaded is left out with a toast; the others still show.
 */
export function useCompareData(runIds: Ref<readonly string[]>) {
  const toasts = useToastsStore();
  const runs = shallowRef<readonly ComparedRun[]>([]);
  const loading = shallowRef(false);
  let generation = 0;

  async function loadOne(id: string, colour: string): Promise<ComparedRun | null> {
    const [run, config, samples, metrics] = await Promise.all([
      settle(() => studio.runs.get({ id })),
      settle(() => studio.runs.config({ id })),
      settle(() => studio.runs.samples({ id })),
      settle(() => studio.runs.metrics({ id, maxPoints: COMPARE_MAX_POINTS })),
    ]);
    if (!run.ok || !config.ok || !samples.ok || !metrics.ok) {
      const failed = [run, config, samples, metrics].find((result) => !result.ok);
      if (failed && !failed.ok) toasts.push(failed.error.message);
      return null;
    }
    return {
      run: run.value,
      config: config.value,
      samples: samples.value,
      series: new Map(metrics.value.map((series) => [series.name, series])),
      colour,
    };
  }

  async function load(): Promise<void> {
    const mine = ++generation;
    loading.value = true;
    const loaded = await Promise.all(
      runIds.value.map((id, i) => loadOne(id, RUN_COLOURS[i % RUN_COLOURS.length]!)),
    );
    if (mine !== generation) return;
    runs.value = loaded.filter((entry): entry is ComparedRun => entry !== null);
    loading.value = false;
  }

  watch(runIds, () => void load(), { immediate: true });
  return { runs, loading, reload: load };
}
