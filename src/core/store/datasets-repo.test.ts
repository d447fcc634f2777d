import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StudioError } from '../../shared/api/errors';
import {
  deleteDataset,
  getDataset,
  getDatasetRecord,
  insertDataset,
  listDatasets,
  updateDataset,
} from './datasets-repo';
import { insertRun, getRun } from './runs-repo';
import { cleanupTemp, openTempStore } from './test-support';

let db: Database;
beforeEach(() => {
  db = openTempStore();
});
afterEach(cleanupTemp);

const T0 = new Date('2025-03-01T10:00:00.000Z');
const T1 = new Date('2025-03-01T10:05:00.000Z');

describe('datasets repository', () => {
  it('inserts a dataset and reads it back as a summary', () => {
    const inserted = insertDataset(
      db,
      { name: 'Faces', sourcePath: '/home/me/faces', options: { size: 64, fit: 'cover' } },
      T0,
    );
    expect(inserted.id).toMatch(/^ds_/);
    expect(inserted).toEqual({
      id: inserted.id,
      name: 'Faces',
      status: 'importing',
      sourcePath: '/home/me/faces',
      imageCount: 0,
      skippedCount: 0,
      width: 0,
      height: 0,
      channels: 0,
      classNames: [],
      createdAt: '2025-03-01T10:00:00.000Z',
    });
    expect(getDataset(db, inserted.id)).toEqual(inserted);
    expect(getDataset(db, 'ds_missing')).toBeUndefined();
  });

  it('updates counts, classes and the mean image, keeping what is not given', () => {
    const { id } = insertDataset(db, { id: 'ds_fixed', name: 'Shapes', sourcePath: null }, T0);
    const mean = new Uint8Array([0, 127, 255, 3, 2, 1]);
    const updated = updateDataset(
      db,
      id,
      {
        status: 'ready',
        imageCount: 1200,
        skippedCount: 3,
        width: 32,
        height: 32,
        channels: 3,
        classNames: ['circle', 'square'],
        classCounts: [600, 600],
        meanImage: mean,
      },
      T1,
    );
    expect(updated).toMatchObject({
      id: 'ds_fixed',
      name: 'Shapes',
      status: 'ready',
      imageCount: 1200,
      skippedCount: 3,
      width: 32,
      height: 32,
      channels: 3,
      classNames: ['circle', 'square'],
      createdAt: T0.toISOString(),
    });
    const record = getDatasetRecord(db, id);
    expect(record?.classCounts).toEqual([600, 600]);
    expect(Array.from(record?.meanImage ?? [])).toEqual([0, 127, 255, 3, 2, 1]);
    expect(record?.updatedAt).toBe(T1.toISOString());
    expect(record?.options).toEqual({});

    updateDataset(db, id, { status: 'failed', error: 'Disk full.', meanImage: null }, T1);
    const failed = getDatasetRecord(db, id);
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toBe('Disk full.');
    expect(failed?.meanImage).toBeNull();
    expect(failed?.imageCount).toBe(1200);
  });

  it('reports an unknown id on update as not_found', () => {
    expect(() => updateDataset(db, 'ds_missing', { status: 'ready' })).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
    expect(() => updateDataset(db, 'ds_missing', {})).toThrow(StudioError);
  });

  it('lists newest first', () => {
    insertDataset(db, { id: 'ds_a', name: 'old', sourcePath: null }, T0);
    insertDataset(db, { id: 'ds_b', name: 'new', sourcePath: null }, T1);
    expect(listDatasets(db).map((d) => d.name)).toEqual(['new', 'old']);
  });

  it('deletes a dataset and leaves its runs without one', () => {
    const { id } = insertDataset(db, { name: 'Gone', sourcePath: null }, T0);
    const run = insertRun(db, {
      name: 'r',
      datasetId: id,
      recipe: 'dcgan',
      config: {},
      totalSteps: 1,
    });
    expect(run.datasetName).toBe('Gone');
    expect(deleteDataset(db, id)).toBe(true);
    expect(deleteDataset(db, id)).toBe(false);
    expect(getDataset(db, id)).toBeUndefined();
    expect(getRun(db, run.id)).toMatchObject({ datasetId: null, datasetName: null });
  });
});
