import { readNearestImages } from './nearest-images';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { MethodOutput, ParsedInput } from '../../shared/api/contract';
import type { RunSummary } from '../../shared/api/dto';
import { StudioError } from '../../shared/api/errors';
import type { TrainingConfig } from '../../shared/engine/training-config';
import type { EventBus } from '../api/event-bus';
import { discardFolder } from '../fs/discard-folder';
import {
  deleteRun,
  getRun,
  getRunRecord,
  listCheckpoints,
  listMetricNames,
  listRuns,
  listSamples,
  readMetricSeries,
  readMetricSeriesDecimated,
} from '../store';
import { findLiveRuns } from './live-runs';
import type { RunSupervisor } from './supervisor';

/** The runs.* methods. Training control needs a supervisor, which only training hosts provide. */
export function createRunHandlers(
  db: Database,
  dataDir: string,
  events: EventBus,
  supervisor: RunSupervisor | null,
) {
  const requireRun = (id: string): RunSummary => {
    const run = getRun(db, id);
    if (!run) {
      throw new StudioError(
        'not_found',
        `There is no run with id "${id}". It may have been deleted; pick one from the Runs list.`,
      );
    }
    return run;
  };
  const requireSupervisor = (): RunSupervisor => {
    if (!supervisor) {
      throw new StudioError(
        'unavailable',
        'This studio host cannot train. Use the desktop app, `gan-studio serve` or `gan-studio train`.',
      );
    }
    return supervisor;
  };

  return {
    'runs.list': (): RunSummary[] => listRuns(db),
    'runs.get': ({ id }: ParsedInput<'runs.get'>): RunSummary => requireRun(id),
    'runs.config': ({ id }: ParsedInput<'runs.config'>): TrainingConfig => {
      requireRun(id);
      return getRunRecord(db, id)!.config as TrainingConfig;
    },
    'runs.start': (input: ParsedInput<'runs.start'>): Promise<RunSummary> =>
      requireSupervisor().start({ config: input.config, ...(input.name ? { name: input.name } : {}) }),
    'runs.pause': ({ id }: ParsedInput<'runs.pause'>): RunSummary => (
      requireRun(id),
      requireSupervisor().pause(id)
    ),
    'runs.resume': ({ id }: ParsedInput<'runs.resume'>): Promise<RunSummary> => (
      requireRun(id),
      requireSupervisor().resume(id)
    ),
    'runs.stop': ({ id }: ParsedInput<'runs.stop'>): RunSummary => (
      requireRun(id),
      requireSupervisor().stop(id)
    ),
    'runs.sampleNow': ({ id }: ParsedInput<'runs.sampleNow'>): RunSummary => (
      requireRun(id),
      requireSupervisor().sampleNow(id)
    ),
    async 'runs.delete'({ id }: ParsedInput<'runs.delete'>): Promise<MethodOutput<'runs.delete'>> {
      const run = requireRun(id);
      const live = findLiveRuns(db, events, () => [requireRun(id)])[0];
      if (live) {
        throw new StudioError(
          'conflict',
          `Run "${run.name}" is ${live.status}. Stop it first, then delete it once it has stopped.`,
        );
      }
      // Ended, but its trainer has not exited yet (it may still be writing its last files).
      if (supervisor?.isActive(id)) {
        throw new StudioError('conflict', `Run "${run.name}" is still finishing. Try again in a moment.`);
      }
      // Rows first (metrics, samples and checkpoints cascade), then the folder: a crash in between
      // leaves a folder nothing lists, never a run whose samples and checkpoints are gone.
      deleteRun(db, id);
      events.emit('library.changed', { kind: 'run', id, change: 'deleted' });
      await discardFolder(join(dataDir, 'runs', id));
      return { id };
    },
    'runs.metrics': ({
      id,
      names,
      fromStep,
      toStep,
      maxPoints,
    }: ParsedInput<'runs.metrics'>): MethodOutput<'runs.metrics'> => {
      requireRun(id);
      const range = {
        ...(fromStep !== undefined ? { fromStep } : {}),
        ...(toStep !== undefined ? { toStep } : {}),
      };
      return (names ?? listMetricNames(db, id)).map((name) => {
        const series =
          maxPoints === undefined
            ? readMetricSeries(db, id, name, range)
            : readMetricSeriesDecimated(db, id, name, maxPoints, range);
        return {
          name,
          steps: Array.from(series.steps),
          values: Array.from(series.values, (v) => (Number.isFinite(v) ? v : null)),
          wallTimes: Array.from(series.wallTimes),
        };
      });
    },
    'runs.samples': ({ id }: ParsedInput<'runs.samples'>): MethodOutput<'runs.samples'> => {
      requireRun(id);
      return listSamples(db, id).map(({ step, path, createdAt }) => ({ step, path, createdAt }));
    },
    'runs.nearest': (input: ParsedInput<'runs.nearest'>) => readNearestImages(db, dataDir, input),
    'runs.checkpoints': ({ id }: ParsedInput<'runs.checkpoints'>): MethodOutput<'runs.checkpoints'> => {
      requireRun(id);
      return listCheckpoints(db, id).map(({ step, sizeBytes, createdAt }) => ({
        step,
        sizeBytes,
        createdAt,
      }));
    },
  };
}
