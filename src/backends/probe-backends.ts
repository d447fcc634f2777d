import * as tf from '@tensorflow/tfjs-core';
import type { BackendName, BackendReport } from '../shared/api/dto';
import type { BackendProbe } from '../core/system/system-handlers';
import { BACKEND_CANDIDATES, type BackendCandidate } from './candidates';
import { installComparisonGradients } from './comparison-gradients';

export interface ProbeOptions {
  /** Activate this one when it works (a person forced it), else the best that works. */
  readonly force?: BackendName;
  /**
   * The probe only informs a report (a host's `system.info`: `gan-studio info`, the System view), and
   * this process will not compute on the result: candidates are examined in depth first (seconds, in
   * test processes), and every backend that holds a GPU device is released afterwards, so the host
   * neither holds one nor is kept from exiting by one. Trainer processes probe without it.
   */
  readonly report?: boolean;
}

/**
 * Loads every candidate, checks that each really computes (tfjs silently stays on another backend when
 * `setBackend` fails, so its boolean and a tiny sum are both checked), then activates the best one —
 * or the one a person forced, when it works. Never throws: a backend that fails is reported with why.
 */
export async function probeBackends(
  candidates: readonly BackendCandidate[] = BACKEND_CANDIDATES,
  options: ProbeOptions = {},
): Promise<BackendProbe> {
  // PROD silences tfjs's console hints (e.g. "install the node backend"), which would garble `--json`.
  tf.env().set('PROD', true);
  // Second-order gradients (WGAN-GP through LeakyReLU) need these on every backend.
  installComparisonGradients();
  const working: BackendCandidate[] = [];
  const failures = new Map<BackendName, string>();
  const findings = new Map<BackendName, string>();

  for (const candidate of candidates) {
    try {
      // Before loading: the examination is what tells whether loading would crash or stall this process.
      if (options.report && candidate.examine) findings.set(candidate.name, await candidate.examine());
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
    const description = candidate.describe(tf, findings.get(candidate.name));
    const detail = isActive
      ? description
      : `${description} Loads, but ${chosen?.name ?? 'another backend'} is preferred.`;
    return {
      name: candidate.name,
      package: candidate.package,
      status: isActive ? 'active' : 'available',
      detail,
    };
  });

  for (const candidate of working) {
    if (options.report || candidate !== chosen) releaseQuietly(candidate);
  }
  return { reports, active: chosen?.name ?? null };
}

/** The probe a host reports (see ProbeOptions.report): every candidate, examined, nothing held. */
export function reportBackends(): Promise<BackendProbe> {
  return probeBackends(BACKEND_CANDIDATES, { report: true });
}

function releaseQuietly(candidate: BackendCandidate): void {
  try {
    candidate.release?.(tf);
  } catch {
    // Freeing a device that is already gone is no reason to fail a probe.
  }
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
