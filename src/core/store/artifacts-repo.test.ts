import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  deleteCheckpoint,
  getLatestCheckpoint,
  insertCheckpoint,
  insertExport,
  insertSample,
  listCheckpoints,
  listExports,
  listExportsOfKind,
  listSamples,
} from './artifacts-repo';
import { deleteRun, insertRun } from './runs-repo';
import { cleanupTemp, openTempStore } from './test-support';

let db: Database;
let runId: string;
beforeEach(() => {
  db = openTempStore();
  runId = insertRun(db, {
    name: 'r',
    datasetId: null,
    recipe: 'dcgan',
    config: {},
    totalSteps: 9,
  }).id;
});
afterEach(cleanupTemp);

const T0 = new Date('2025-03-01T10:00:00.000Z');
const T1 = new Date('2025-03-01T11:00:00.000Z');

describe('artifacts repository', () => {
  it('lists samples in step order, a repeated step replacing the old one', () => {
    insertSample(db, { runId, step: 200, path: 'runs/r/samples/200.png' }, T0);
    insertSample(db, { runId, step: 100, path: 'runs/r/samples/100.png' }, T0);
    insertSample(db, { runId, step: 200, path: 'runs/r/samples/200b.png' }, T1);
    expect(listSamples(db, runId)).toEqual([
      { runId, step: 100, path: 'runs/r/samples/100.png', createdAt: T0.toISOString() },
      { runId, step: 200, path: 'runs/r/samples/200b.png', createdAt: T1.toISOString() },
    ]);
  });

  it('records checkpoints and finds the latest', () => {
    expect(getLatestCheckpoint(db, runId)).toBeUndefined();
    insertCheckpoint(db, { runId, step: 500, path: 'c/500', sizeBytes: 4_000_000 }, T0);
    insertCheckpoint(db, { runId, step: 1000, path: 'c/1000', sizeBytes: 4_000_001 }, T1);
    expect(listCheckpoints(db, runId).map((c) => c.step)).toEqual([500, 1000]);
    expect(getLatestCheckpoint(db, runId)).toEqual({
      runId,
      step: 1000,
      path: 'c/1000',
      sizeBytes: 4_000_001,
      createdAt: T1.toISOString(),
    });
    expect(deleteCheckpoint(db, runId, 1000)).toBe(true);
    expect(deleteCheckpoint(db, runId, 1000)).toBe(false);
    expect(getLatestCheckpoint(db, runId)?.step).toBe(500);
  });

  it('records exports, which outlive their run', () => {
    const grid = insertExport(
      db,
      { runId, kind: 'grid', path: 'exports/grid.png', details: { rows: 8, step: 900 } },
      T0,
    );
    insertExport(db, { runId, kind: 'metrics-csv', path: 'exports/m.csv' }, T1);
    expect(grid.id).toMatch(/^exp_/);
    const listed = listExports(db, runId);
    expect(listed.map((e) => e.kind)).toEqual(['grid', 'metrics-csv']);
    expect(listed[0]).toEqual(grid);
    expect(listed[1]?.details).toEqual({});

    insertSample(db, { runId, step: 1, path: 's.png' });
    insertCheckpoint(db, { runId, step: 1, path: 'c', sizeBytes: 1 });
    deleteRun(db, runId);
    expect(listSamples(db, runId)).toEqual([]);
    expect(listCheckpoints(db, runId)).toEqual([]);
    const kept = db.prepare('SELECT id, run_id FROM exports ORDER BY created_at').all();
    expect(kept).toEqual([
      { id: grid.id, run_id: null },
      { id: listed[1]?.id, run_id: null },
    ]);
  });

  it('lists the exports of one kind, of any run or none, newest first', () => {
    const old = insertExport(db, { runId, kind: 'model', path: 'exports/a' }, T0);
    insertExport(db, { runId, kind: 'images', path: 'exports/b' }, T1);
    const orphan = insertExport(db, { runId: null, kind: 'model', path: '/elsewhere/c' }, T1);
    expect(listExportsOfKind(db, 'model').map((e) => e.id)).toEqual([orphan.id, old.id]);
    expect(listExportsOfKind(db, 'gif')).toEqual([]);
  });
});
