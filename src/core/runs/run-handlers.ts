import type { Database } from 'better-sqlite3';
import type { RunSummary } from '../../shared/api/dto';
import { StudioError } from '../../shared/api/errors';
import { getRun, listRuns } from '../store';

export function createRunHandlers(db: Database) {
  return {
    'runs.list'(): RunSummary[] {
      return listRuns(db);
    },
    'runs.get'({ id }: { id: string }): RunSummary {
      const run = getRun(db, id);
      if (!run) {
        throw new StudioError(
          'not_found',
          `There is no run with id "${id}". It may have been deleted; pick one from the Runs list.`,
        );
      }
      return run;
    },
  };
}
