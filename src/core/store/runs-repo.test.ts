import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/api/errors';
import { insertDataset } from './datasets-repo';
import { insertMetricPoints } from './metrics-repo';
import {
  deleteRun,
  getRun,
  getRunRecord,
  hashConfig,
  insertRun,
  interruptOrphanedRuns,
  setRunOwner,
  listRuns,
  updateRunProgress,
  updateRunStatus,
  uniqueRunName,
} from './runs-repo';
import { cleanupTemp, openTempStore } from './test-support';

let db: Database;
beforeEach(() => {
  db = openTempStore();
  insertDataset(db, { id: 'ds_1', name: 'Faces', sourcePath: null });
});
afterEach(cleanupTemp);

const at = (minute: number) => new Date(Date.UTC(2025, 2, 1, 10, minute));
const CONFIG = { objective: 'hinge', optimizer: { lr: 0.0002, betas: [0.5, 0.999] } };

function newRun(name: string, minute: number, datasetId: string | null = 'ds_1') {
  return insertRun(db, { name, datasetId, recipe: 'dcgan', config: CONFIG, totalSteps: 5000 }, at(minute));
}

describe('runs repository', () => {
  it('inserts a queued run and reads it back with its dataset name and config', () => {
    const run = newRun('first', 0);
    expect(run).toEqual({
      id: run.id,
      name: 'first',
      datasetId: 'ds_1',
      datasetName: 'Faces',
      recipe: 'dcgan',
      status: 'queued',
      backend: null,
      step: 0,
      totalSteps: 5000,
      createdAt: at(0).toISOString(),
      startedAt: null,
      endedAt: null,
      failureReason: null,
      lossD: null,
      lossG: null,
    });
    expect(run.id).toMatch(/^run_/);
    const record = getRunRecord(db, run.id);
    expect(record?.config).toEqual(CONFIG);
    expect(record?.configHash).toMatch(/^[0-9a-f]{64}$/);
    expect(record?.parentRunId).toBeNull();
    expect(getRun(db, 'run_missing')).toBeUndefined();
  });

  it('summarises each run with its last recorded losses, NaN read as null', () => {
    const run = newRun('losses', 0);
    insertMetricPoints(db, run.id, [
      { name: 'loss_d', step: 1, value: 1.4, wallTime: 1 },
      { name: 'loss_g', step: 1, value: 0.7, wallTime: 1 },
      { name: 'loss_d', step: 2, value: 1.2, wallTime: 2 },
      { name: 'loss_g', step: 2, value: Number.NaN, wallTime: 2 },
    ]);
    expect(getRun(db, run.id)).toMatchObject({ lossD: 1.2, lossG: null });
    expect(listRuns(db)[0]).toMatchObject({ lossD: 1.2, lossG: null });
    expect(getRunRecord(db, run.id)).toMatchObject({ lossD: 1.2 });
  });

  it('numbers default names that are taken', () => {
    expect(uniqueRunName(db, 'ring8 · mlp')).toBe('ring8 · mlp');
    newRun('ring8 · mlp', 0);
    expect(uniqueRunName(db, 'ring8 · mlp')).toBe('ring8 · mlp #2');
    newRun('ring8 · mlp #2', 1);
    newRun('ring8 · mlp #3', 2);
    expect(uniqueRunName(db, 'ring8 · mlp')).toBe('ring8 · mlp #4');
    expect(uniqueRunName(db, 'ring8')).toBe('ring8');
  });

  it('hashes configs independently of key order', () => {
    const reordered = { optimizer: { betas: [0.5, 0.999], lr: 0.0002 }, objective: 'hinge' };
    expect(hashConfig(reordered)).toBe(hashConfig(CONFIG));
    expect(hashConfig({ ...CONFIG, objective: 'wgan-gp' })).not.toBe(hashConfig(CONFIG));
  });

  it('records a resumed run and its parent', () => {
    const parent = newRun('parent', 0);
    const child = insertRun(db, {
      name: 'child',
      datasetId: 'ds_1',
      recipe: 'dcgan',
      config: CONFIG,
      totalSteps: 5000,
      parentRunId: parent.id,
    });
    expect(getRunRecord(db, child.id)?.parentRunId).toBe(parent.id);
  });

  it('lists newest first, optionally by dataset', () => {
    insertDataset(db, { id: 'ds_2', name: 'Other', sourcePath: null });
    newRun('a', 1);
    newRun('c', 3, 'ds_2');
    newRun('b', 2);
    expect(listRuns(db).map((r) => r.name)).toEqual(['c', 'b', 'a']);
    expect(listRuns(db, { datasetId: 'ds_1' }).map((r) => r.name)).toEqual(['b', 'a']);
  });

  it('stamps start and end times as the status moves', () => {
    const { id } = newRun('r', 0);
    const running = updateRunStatus(db, id, { status: 'running', backend: 'wasm' }, at(1));
    expect(running).toMatchObject({
      status: 'running',
      backend: 'wasm',
      startedAt: at(1).toISOString(),
    });
    expect(running.endedAt).toBeNull();

    updateRunProgress(db, id, 1234);
    updateRunStatus(db, id, { status: 'paused' }, at(2));
    expect(getRun(db, id)).toMatchObject({ status: 'paused', step: 1234, endedAt: null });

    const failed = updateRunStatus(db, id, { status: 'failed', reason: 'Out of memory.' }, at(3));
    expect(failed).toMatchObject({
      status: 'failed',
      backend: 'wasm',
      startedAt: at(1).toISOString(),
      endedAt: at(3).toISOString(),
      failureReason: 'Out of memory.',
    });

    // Resuming keeps the first start, clears the end and the old reason.
    const resumed = updateRunStatus(db, id, { status: 'running' }, at(4));
    expect(resumed).toMatchObject({
      startedAt: at(1).toISOString(),
      endedAt: null,
      failureReason: null,
    });
    const done = updateRunStatus(db, id, { status: 'completed' }, at(5));
    expect(done).toMatchObject({ status: 'completed', endedAt: at(5).toISOString(), step: 1234 });
  });

  it('refuses to touch a run that does not exist', () => {
    expect(() => updateRunProgress(db, 'run_missing', 1)).toThrow(StudioError);
    expect(() => updateRunStatus(db, 'run_missing', { status: 'running' })).toThrow(/no run/);
  });

  it("marks runs whose owning host is gone as interrupted, and leaves live hosts' runs alone", () => {
    const running = newRun('running', 0);
    const paused = newRun('paused', 1);
    const queued = newRun('queued', 2);
    const done = newRun('done', 3);
    const elsewhere = newRun('trained by another live host', 4);
    updateRunStatus(db, running.id, { status: 'running' }, at(4));
    updateRunStatus(db, paused.id, { status: 'paused' }, at(4));
    updateRunStatus(db, done.id, { status: 'completed' }, at(4));
    updateRunStatus(db, elsewhere.id, { status: 'running' }, at(4));
    setRunOwner(db, running.id, 111);
    setRunOwner(db, elsewhere.id, 222);
    const changed = interruptOrphanedRuns(db, (pid) => pid === 222, at(9));
    expect(changed.sort()).toEqual([running.id, paused.id, queued.id].sort());
    expect(getRun(db, running.id)).toMatchObject({
      status: 'interrupted',
      endedAt: at(9).toISOString(),
    });
    expect(getRun(db, running.id)?.failureReason).toMatch(/closed while this run was training/);
    expect(getRun(db, elsewhere.id)?.status).toBe('running');
    expect(getRun(db, done.id)?.status).toBe('completed');
  });

  it('deletes a run', () => {
    const { id } = newRun('r', 0);
    expect(deleteRun(db, id)).toBe(true);
    expect(deleteRun(db, id)).toBe(false);
    expect(getRun(db, id)).toBeUndefined();
  });
});
