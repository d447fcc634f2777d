import * as tf from '@tensorflow/tfjs-core';
import type { BackendName, BackendReport } from '../shared/api/dto';
import type { BackendProbe } from '../core/system/system-handlers';
import { BACKEND_CANDIDATES, type BackendCandidate } from './candidates';
import { installComparisonGradients } from './comparison-gradients';

/**
 * Loads every candidate, checks that each really computes (tfjs silently stays on another backend when
 * `setBackend` fails, so its boolean and a tiny sum are both checked), then activates the best one —
 * or the one a person forced, when it works. Never throws: a backend that fails is reported with why.
 */
export async function probeBackends(
  candidates: readonly BackendCandidate[] = BACKEND_CANDIDATES,
  options: { readonly force?: BackendName } = {},
): Promise<BackendProbe> {
  // PROD silences tfjs's console hints (e.g. "install the node backend"), which would garble `--json`.
  tf.env().set('PROD', true);
  // Second-order gradients (WGAN-GP through LeakyReLU) need these on every backend.
  installComparisonGradients();
  const working: BackendCandidate[] = [];
  const failures = new Map<BackendName, string>();

  for (const candidate of candidates) {
    try {
      await candidate.load();
      await checkComputes(candidate.name);
      working.push(candidate);
    } catch (error) {
      failures.set(candidate.name, candidate.explainFailure(error));
    }
  }

  const chosen = working.find((c) => c.name === options.force) ?? working[0] ?? null;
  if (chosen) await tf.setBackend(chosen.name);

  const reports = candidates.map((candidate): BackendReport => {
    const failure = failures.get(candidate.name);
    if (failure !== undefined) {
      return { name: candidate.name, package: candidate.package, status: 'unavailable', detail: failure };
    }
    const isActive = candidate === chosen;
    const detail = isActive
      ? candidate.describe(tf)
      : `${candidate.describe(tf)} Loads, but ${chosen?.name ?? 'another backend'} is preferred.`;
    return {
      name: candidate.name,
      package: candidate.package,
      status: isActive ? 'active' : 'available',
      detail,
    };
  });
  return { reports, active: chosen?.name ?? null };
}

async function checkComputes(name: BackendName): Promise<void> {
  if (!tf.findBackendFactory(name)) throw new Error(`the package registered no "${name}" backend`);
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) throw new Error(`tfjs could not initialise the "${name}" backend`);
  const sum = tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)));
  const value = (await sum.data())[0];
  sum.dispose();
  if (value !== 3) throw new Error(`a test computation gave ${value} instead of 3`);
}
