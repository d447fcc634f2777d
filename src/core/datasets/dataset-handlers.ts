import type { Database } from 'better-sqlite3';
import type { ParsedInput } from '../../shared/api/contract';
import type { DatasetSummary } from '../../shared/api/dto';
import { listDatasets } from '../store';
import { generateShapes } from './builtin/shapes';
import { registerPackedDataset } from './register-packed';

export function createDatasetHandlers(db: Database, dataDir: string) {
  return {
    'datasets.list'(): DatasetSummary[] {
      return listDatasets(db);
    },
    async 'datasets.importBuiltin'(input: ParsedInput<'datasets.importBuiltin'>): Promise<DatasetSummary> {
      const generated = generateShapes(input);
      return registerPackedDataset(db, dataDir, {
        ...generated,
        name: `shapes ${input.resolution}px`,
        sourcePath: null,
        options: {
          builtin: input.name,
          resolution: input.resolution,
          count: input.count,
          channels: input.channels,
        },
      });
    },
  };
}
