import type { BackendName } from '../../shared/api/dto';
import type { TrainingConfig } from '../../shared/engine/training-config';
import type { ExportJob } from '../export/export-job';
import type { WrittenFile } from '../export/image-export';
import type { PlaygroundSetup } from '../../shared/playground/playground-setup';
import type { PlaygroundFrameData } from '../playground/playground-session';
import type { MetricPoint } from '../store/metrics-repo';

/**
 * Messages between the host's run supervisor and a trainer process (one per run). Readonly
 * discriminated unions; the trainer never opens the database — it computes and reports, the host
 * persists. Paths are relative to the run's folder so the two sides need not agree on absolute paths.
 *
 * The same process script also exports from a checkpoint: its first message is then `export` instead of
 * `start`, it answers `export-progress` and `exported` (or `finished` as failed or, after a `stop`,
 * stopped), and exits.
 *
 * And it runs the playground: first message `playground`, then `playground-control` (play, pause,
 * single steps, speed) and `stop`; it answers `started`, `playground-frame` after every step it shows,
 * `playground-state` when it starts or stops playing, and `finished` when it ends.
 */
export type ToTrainer =
  | {
      readonly type: 'start';
      readonly runId: string;
      readonly config: TrainingConfig;
      readonly configHash: string;
      /** Absolute: runs/<id>/ in the data directory. */
      readonly runDir: string;
      /** Absolute folder of a packed dataset, or null for a built-in 2-D set. */
      readonly datasetDir: string | null;
      /** Continue from the newest checkpoint in runDir. */
      readonly resume: boolean;
    }
  | { readonly type: 'export'; readonly job: ExportJob }
  | { readonly type: 'playground'; readonly setup: PlaygroundSetup }
  | {
      readonly type: 'playground-control';
      readonly action: 'play' | 'pause' | 'step' | 'step-d' | 'step-g';
    }
  /** Play steps per second (slow motion), or null for as fast as it goes. */
  | { readonly type: 'playground-speed'; readonly stepsPerSecond: number | null }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'stop' }
  | { readonly type: 'sample-now' };

export interface ModeCoverageReport {
  readonly modesCaptured: number;
  readonly modeCount: number;
  readonly highQualityPct: number;
}

export type FromTrainer =
  | {
      readonly type: 'started';
      readonly backend: BackendName;
      readonly backendDetail: string;
      /** The step training continues from (0 for a new run). */
      readonly step: number;
    }
  | {
      readonly type: 'progress';
      readonly step: number;
      readonly imagesPerSecond: number;
      readonly latest: Readonly<Record<string, number>>;
      readonly points: readonly MetricPoint[];
    }
  | {
      readonly type: 'sample';
      readonly step: number;
      /** PNG, relative to the run folder. */
      readonly file: string;
      /** For 2-D runs: the generated points (JSON), relative to the run folder, and their mode coverage. */
      readonly pointsFile: string | null;
      readonly coverage: ModeCoverageReport | null;
    }
  | {
      readonly type: 'checkpoint';
      readonly step: number;
      readonly folder: string;
      readonly sizeBytes: number;
    }
  | { readonly type: 'paused' }
  | { readonly type: 'resumed' }
  | {
      readonly type: 'finished';
      readonly status: 'completed' | 'stopped' | 'failed';
      readonly step: number;
      readonly reason: string | null;
      /** An export failed for a reason the person can act on (a generator folder tfjs cannot load). */
      readonly code?: 'invalid_input';
    }
  | { readonly type: 'log'; readonly level: 'info' | 'warn' | 'error'; readonly message: string }
  | { readonly type: 'export-progress'; readonly done: number; readonly total: number }
  | { readonly type: 'playground-frame'; readonly frame: PlaygroundFrameData }
  | {
      readonly type: 'playground-state';
      readonly state: 'paused' | 'playing';
      /** Why it paused by itself (the networks diverged). */
      readonly reason: string | null;
    }
  | {
      readonly type: 'exported';
      /** Relative to the job's outDir, in the order they were written. */
      readonly files: readonly WrittenFile[];
      readonly backend: BackendName;
      /** The weights were the run's averaged generator. */
      readonly averaged: boolean;
    };
