import type { StudioApi } from '../shared/api/client';
import type { RunSummary } from '../shared/api/dto';
import type { Studio } from '../core/studio';
import { formatDuration, ProgressBar } from './progress-bar';

/**
 * Follows one training run from the CLI until its trainer exits: a progress bar (or, with --json, one
 * JSON object per line), Ctrl-C for a graceful stop with a checkpoint, and a final summary.
 */
export interface RunResult {
  readonly runId: string;
  readonly status: RunSummary['status'];
  readonly steps: number;
  readonly reason: string | null;
  readonly modesCaptured?: number;
  readonly highQualityPct?: number;
}

const number = (value: number | undefined, digits = 3): string =>
  value === undefined ? '—' : Number.isFinite(value) ? value.toFixed(digits) : String(value);

export async function followRun(
  studio: Studio,
  api: StudioApi,
  run: RunSummary,
  options: { readonly json?: boolean },
): Promise<RunResult> {
  const out = (value: object): void => void process.stdout.write(`${JSON.stringify(value)}\n`);
  const bar = new ProgressBar();
  const startedAt = Date.now();
  const firstStep = run.step;
  let coverage: { modesCaptured: number; highQualityPct: number } | null = null;

  const stopProgress = api.on('run.progress', (p) => {
    if (p.runId !== run.id) return;
    if (options.json) {
      out({
        type: 'progress',
        runId: p.runId,
        step: p.step,
        totalSteps: p.totalSteps,
        imagesPerSecond: p.imagesPerSecond,
        metrics: p.metrics,
      });
      return;
    }
    const elapsed = (Date.now() - startedAt) / 1000;
    const rate = (p.step - firstStep) / Math.max(elapsed, 1e-3);
    const eta = rate > 0 ? (p.totalSteps - p.step) / rate : Number.NaN;
    const divergence =
      p.metrics.js !== undefined
        ? `JS ${number(p.metrics.js)}`
        : p.metrics.wasserstein !== undefined
          ? `W ${number(p.metrics.wasserstein)}`
          : null;
    bar.update({
      done: p.step,
      total: p.totalSteps,
      fields: [
        `${Math.round(p.imagesPerSecond)} img/s`,
        `D ${number(p.metrics.loss_d)}`,
        `G ${number(p.metrics.loss_g)}`,
        ...(divergence ? [divergence] : []),
        `ETA ${formatDuration(eta)}`,
      ],
    });
  });
  const stopSample = api.on('run.sample', (s) => {
    if (s.runId !== run.id) return;
    if (s.coverage) coverage = s.coverage;
    if (options.json)
      out({ type: 'sample', runId: s.runId, step: s.step, path: s.path, coverage: s.coverage });
  });

  let interrupts = 0;
  const onInterrupt = (): void => {
    interrupts += 1;
    if (interrupts === 1) {
      bar.finish();
      process.stderr.write(
        'Stopping after this step and writing a checkpoint… (Ctrl-C again to abandon it)\n',
      );
      void api.runs.stop({ id: run.id });
    } else {
      process.exit(130);
    }
  };
  process.on('SIGINT', onInterrupt);

  try {
    await studio.supervisor?.whenExited(run.id);
  } finally {
    process.off('SIGINT', onInterrupt);
    stopProgress();
    stopSample();
    bar.finish();
  }

  const final = await api.runs.get({ id: run.id });
  const summary = final.ok ? final.value : run;
  const covered = coverage as { modesCaptured: number; highQualityPct: number } | null;
  return {
    runId: run.id,
    status: summary.status,
    steps: summary.step,
    reason: summary.failureReason,
    ...(covered ? { modesCaptured: covered.modesCaptured, highQualityPct: covered.highQualityPct } : {}),
  };
}

export function reportRunResult(result: RunResult, options: { readonly json?: boolean }): void {
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ type: 'result', ...result })}\n`);
  } else {
    const coverage =
      result.modesCaptured !== undefined
        ? `; ${result.modesCaptured} modes captured, ${result.highQualityPct?.toFixed(1)} % high-quality samples`
        : '';
    const line = `Run ${result.runId} ${result.status} at step ${result.steps}${coverage}.`;
    process.stdout.write(`${line}${result.reason ? `\n${result.reason}` : ''}\n`);
  }
  if (result.status === 'failed') process.exitCode = 1;
}
