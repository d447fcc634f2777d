import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunStatus } from '../../shared/api/dto';
import {
  insertCheckpoint,
  insertMetricPoints,
  insertRun,
  insertSample,
  openStore,
  setRunOwner,
  updateRunStatus,
} from '../store';

/** A valid 1×1 PNG: what a sample grid looks like to anything that serves or lists it. */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

export interface SeedRunOptions {
  /** An imported dataset's id and name; a built-in 2-D set (no dataset row) by default. */
  readonly dataset?: { readonly id: string; readonly name: string };
  readonly status?: RunStatus;
  /** The host process that trains it (for live statuses); null: none. */
  readonly ownerPid?: number | null;
}

/**
 * A run written straight into a studio's store, with one metric point, one sample and one checkpoint,
 * and their files in `runs/<id>/` — as a finished run, or another host's live one, leaves them. For
 * tests of what reads, serves or deletes runs, without starting a trainer.
 */
export function seedRun(
  studio: { readonly storePath: string; readonly dataDir: string },
  options: SeedRunOptions = {},
): string {
  const dataset = options.dataset;
  const db = openStore(studio.storePath);
  try {
    const { id } = insertRun(db, {
      name: `seeded on ${dataset?.name ?? 'ring8'}`,
      datasetId: dataset?.id ?? null,
      recipe: 'mlp · nonsaturating',
      config: {
        dataset: dataset
          ? { kind: 'packed', ...dataset }
          : { kind: 'builtin-points', id: 'ring8', name: 'ring8' },
      },
      totalSteps: 10,
    });
    const runDir = join(studio.dataDir, 'runs', id);
    mkdirSync(join(runDir, 'samples'), { recursive: true });
    mkdirSync(join(runDir, 'checkpoints', '5'), { recursive: true });
    writeFileSync(join(runDir, 'samples', '5.png'), TINY_PNG);
    writeFileSync(join(runDir, 'checkpoints', '5', 'state.json'), '{"step":5}');
    insertMetricPoints(db, id, [{ name: 'loss_d', step: 5, value: 0.7, wallTime: 1 }]);
    insertSample(db, { runId: id, step: 5, path: `runs/${id}/samples/5.png` });
    insertCheckpoint(db, { runId: id, step: 5, path: `runs/${id}/checkpoints/5`, sizeBytes: 10 });
    updateRunStatus(db, id, { status: options.status ?? 'completed' });
    setRunOwner(db, id, options.ownerPid ?? null);
    return id;
  } finally {
    db.close();
  }
}
