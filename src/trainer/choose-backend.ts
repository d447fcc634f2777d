import { BACKEND_CANDIDATES } from '../backends/candidates';
import { probeBackends } from '../backends/probe-backends';
import { preferWasmThreads } from '../backends/wasm-threads';
import type { TrainingConfig } from '../shared/engine/training-config';

/**
 * Loads the backend a run asks for — the first that loads for `auto` — for training and for exports
 * from its checkpoints alike, so an export computes on what the run trained on. With `fallback`, the
 * backend asked for is only a preference (an exported generator's): the first that loads when it does not.
 *
 * On wasm, image networks use every core and 2-D networks one thread. Measured on 2 cores
 * (`npm run bench`, section 4): a DCGAN 32×32 step gains 1.38× from the second thread on an idle machine
 * and 1.52× beside two other trainers; the 2-D MLP gains 1.24× idle but falls to 0.33× beside two
 * other trainers, as its small products spend their time handing work between threads that now wait
 * for a core. 2-D runs are the ones that run side by side (the objective lab starts five at once).
 */
export async function chooseBackend(
  config: Pick<TrainingConfig, 'backend'> & { readonly architecture?: TrainingConfig['architecture'] },
  options: { readonly fallback?: boolean; readonly pointData?: boolean } = {},
): Promise<{ name: NonNullable<Awaited<ReturnType<typeof probeBackends>>['active']>; detail: string }> {
  const points = options.pointData ?? config.architecture?.data.kind === 'points';
  preferWasmThreads(points ? 1 : null);
  const forced = config.backend === 'auto' ? undefined : config.backend;
  // A forced backend is the only one loaded: a person who forces wasm to get away from a broken CUDA
  // install must not have tfjs-node-gpu loaded (and crash) anyway, and start-up skips the others' cost.
  const candidates = forced ? BACKEND_CANDIDATES.filter((c) => c.name === forced) : BACKEND_CANDIDATES;
  const probe = await probeBackends(candidates, forced ? { force: forced } : {});
  const report = (name: string | null) => probe.reports.find((r) => r.name === name);
  if (forced && probe.active !== forced) {
    if (options.fallback) return chooseBackend({ ...config, backend: 'auto' }, { pointData: points });
    throw new Error(
      `The ${forced} backend was asked for but does not work here: ${report(forced)?.detail ?? 'it is not a candidate on this machine.'}`,
    );
  }
  if (!probe.active)
    throw new Error('No compute backend loads on this machine; `gan-studio info` says why for each.');
  return { name: probe.active, detail: report(probe.active)?.detail ?? '' };
}
