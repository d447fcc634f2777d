import type { Database } from 'better-sqlite3';
import type { DatasetSummary } from '../../shared/api/dto';
import { listDatasets } from '../store';

export function createDatasetHandlers(db: Database) {
  return {
    'datasets.list'(): DatasetSummary[] {
      return listDatasets(db);
    },
  };
}
