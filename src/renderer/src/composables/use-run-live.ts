import type { EventPayload, MethodOutput, RunSummary } from '@shared/api';
import { modeCountOf } from '@shared/datasets/toy-2d-sets';
import type { TrainingConfig } from '@shared/engine/training-config';
import { onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue';
import { studio } from '@renderer/api';
import { SeriesStore } from '@renderer/lib/series-store';
import { settle } from '@renderer/stores/request';

export type SampleSnapshot = MethodOutput<'runs.samples'>[number];
export type Coverage = NonNullable<EventPayload<'run.sample'>['coverage']>;

/**
 * Everything the dashboard of one run shows, kept live: its config, every metric point (fetched whole
 * once, then only the steps after the last one held, each time the trainer reports progress), the
 * sample snapshots, and the latest rate. Fetches never overlap; a report that arrives during one
 * schedules exactly one more.
 */
export function useRunLive(runId: Ref<string>) {
  const series = new SeriesStore();
  /** Bumped after every change to `series`: charts redraw when it moves. */
  const version = ref(0);
  const config = shallowRef<TrainingConfig | null>(null);
  const samples = shallowRef<readonly SampleSnapshot[]>([]);
  const imagesPerSecond = ref<number | null>(null);
  /** Mode coverage per snapshot step (2-D runs), from live events and from the stored metrics. */
  const coverageByStep = shallowRef<ReadonlyMap<number, Coverage>>(new Map());
  const modeCount = ref<number | null>(null);

  let fetching = false;
  let again = false;
  let generation = 0;

  async function fetchMetrics(): Promise<void> {
    if (fetching) {
      again = true;
      return;
    }
    fetching = true;
    const mine = generation;
    try {
      do {
        again = false;
        const fromStep = series.lastStep + 1;
        const result = await settle(() => studio.runs.metrics({ id: runId.value, fromStep }));
        if (mine !== generation) return;
        if (result.ok && series.append(result.value) > 0) version.value += 1;
      } while (again);
    } finally {
      if (mine === generation) fetching = false;
    }
  }

  async function fetchSamples(): Promise<void> {
    const mine = generation;
    const result = await settle(() => studio.runs.samples({ id: runId.value }));
    if (mine === generation && result.ok) samples.value = result.value;
  }

  async function load(): Promise<void> {
    generation += 1;
    fetching = false;
    series.clear();
    version.value += 1;
    samples.value = [];
    config.value = null;
    imagesPerSecond.value = null;
    coverageByStep.value = new Map();
    const mine = generation;
    const configResult = await settle(() => studio.runs.config({ id: runId.value }));
    if (mine !== generation) return;
    if (configResult.ok) {
      config.value = configResult.value;
      modeCount.value = modeCountOf(configResult.value.dataset);
    }
    await Promise.all([fetchMetrics(), fetchSamples()]);
    imagesPerSecond.value = series.latest('images_per_second');
  }

  /** Stored coverage, rebuilt from the metrics series whenever they grow. */
  watch(version, () => {
    const count = modeCount.value;
    if (!series.has('modes_captured') || count === null) return;
    const modes = series.series('modes_captured');
    const quality = series.series('high_quality_pct');
    const qualityAt = new Map(quality.steps.map((step, i) => [step, quality.values[i]]));
    const map = new Map(coverageByStep.value);
    modes.steps.forEach((step, i) => {
      const captured = modes.values[i];
      const pct = qualityAt.get(step);
      if (!map.has(step) && typeof captured === 'number' && typeof pct === 'number') {
        map.set(step, { modesCaptured: captured, modeCount: count, highQualityPct: pct });
      }
    });
    if (map.size !== coverageByStep.value.size) coverageByStep.value = map;
  });

  const stopProgress = studio.on('run.progress', (event) => {
    if (event.runId !== runId.value) return;
    imagesPerSecond.value = event.imagesPerSecond;
    void fetchMetrics();
  });
  const stopSample = studio.on('run.sample', (event) => {
    if (event.runId !== runId.value) return;
    const snapshot = { step: event.step, path: event.path, createdAt: new Date().toISOString() };
    samples.value = [...samples.value.filter((s) => s.step !== event.step), snapshot].sort(
      (a, b) => a.step - b.step,
    );
    if (event.coverage) {
      coverageByStep.value = new Map(coverageByStep.value).set(event.step, event.coverage);
    }
  });
  const stopStatus = studio.on('run.status', (event) => {
    // The last points and snapshot are flushed as a run ends: fetch once more so nothing is missing.
    if (event.runId === runId.value) void Promise.all([fetchMetrics(), fetchSamples()]);
  });
  onScopeDispose(() => {
    generation += 1;
    stopProgress();
    stopSample();
    stopStatus();
  });

  watch(runId, () => void load(), { immediate: true });

  return { series, version, config, samples, imagesPerSecond, coverageByStep, reload: load };
}

/** Seconds left at the current rate, or null while unknown. */
export function estimateSecondsLeft(
  run: Pick<RunSummary, 'step' | 'totalSteps'>,
  imagesPerSecond: number | null,
  batchSize: number | null,
): number | null {
  if (!imagesPerSecond || !batchSize || imagesPerSecond <= 0) return null;
  return ((run.totalSteps - run.step) * batchSize) / imagesPerSecond;
}
