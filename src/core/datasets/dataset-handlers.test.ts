import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudioApi } from '../../shared/api/client';
import type { DatasetSummary } from '../../shared/api/dto';
import { createPreset } from '../../shared/engine/architecture';
import { buildTrainingConfig } from '../../shared/engine/recipes';
import { createInProcessClient } from '../api/in-process-client';
import { deadPid, unwrap } from '../runs/test-support';
import { deleteDataset, openStore } from '../store';
import { seedRun } from '../testing/seed-run';
import { createTempStudio } from '../testing/temp-studio';

describe('datasets.delete', () => {
  let studio: ReturnType<typeof createTempStudio>;
  let api: StudioApi;
  let dataset: DatasetSummary;
  const folderOf = (id: string): string => join(studio.dataDir, 'datasets', id);

  beforeEach(async () => {
    studio = createTempStudio('server');
    api = createInProcessClient(studio);
    dataset = unwrap(
      await api.datasets.importBuiltin({ name: 'shapes', resolution: 16, count: 10, channels: 1 }),
    );
  });
  afterEach(() => studio.dispose());

  it('removes the row and the folder; runs trained on it keep their records under its name', async () => {
    const runId = seedRun(studio, { dataset, status: 'completed' });
    expect(existsSync(folderOf(dataset.id))).toBe(true);
    const announced: unknown[] = [];
    studio.events.subscribe((name, payload) => name === 'library.changed' && announced.push(payload));

    expect(unwrap(await api.datasets.delete({ id: dataset.id }))).toEqual({ id: dataset.id });
    // Other windows drop it from their lists.
    expect(announced).toEqual([{ kind: 'dataset', id: dataset.id, change: 'deleted' }]);

    expect(unwrap(await api.datasets.list())).toEqual([]);
    expect(existsSync(folderOf(dataset.id))).toBe(false);
    // Nothing is left aside either: the folder is moved to a hidden name, then removed.
    expect(readdirSync(join(studio.dataDir, 'datasets'))).toEqual([]);
    const run = unwrap(await api.runs.get({ id: runId }));
    expect(run).toMatchObject({ datasetId: null, datasetName: dataset.name, status: 'completed' });
    expect(unwrap(await api.runs.samples({ id: runId }))).toHaveLength(1);
    expect(existsSync(join(studio.dataDir, 'runs', runId, 'samples', '5.png'))).toBe(true);
  });

  it.each(['queued', 'running', 'paused'] as const)(
    'is refused while a run is %s on it (here or in another live process)',
    async (status) => {
      const runId = seedRun(studio, { dataset, status, ownerPid: process.pid });
      const answer = await api.datasets.delete({ id: dataset.id });
      expect(answer).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(answer.ok ? '' : answer.error.message).toBe(
        `Dataset "shapes 16px" is in use: run "seeded on shapes 16px" is ${status} on it. Stop that run first, then delete the dataset.`,
      );
      expect(unwrap(await api.datasets.get({ id: dataset.id })).id).toBe(dataset.id);
      expect(existsSync(folderOf(dataset.id))).toBe(true);
      expect(unwrap(await api.runs.get({ id: runId }))).toMatchObject({ status, datasetId: dataset.id });
    },
  );

  it('is not blocked by a run whose host died: that run becomes interrupted', async () => {
    const runId = seedRun(studio, { dataset, status: 'running', ownerPid: deadPid() });
    unwrap(await api.datasets.delete({ id: dataset.id }));
    expect(unwrap(await api.runs.get({ id: runId }))).toMatchObject({
      status: 'interrupted',
      datasetId: null,
    });
  });

  it('announces every new dataset to other windows, and nothing for a refused delete', async () => {
    const announced: unknown[] = [];
    studio.events.subscribe((name, payload) => name === 'library.changed' && announced.push(payload));
    const second = unwrap(
      await api.datasets.importBuiltin({ name: 'shapes', resolution: 16, count: 10, channels: 1 }),
    );
    seedRun(studio, { dataset: second, status: 'running', ownerPid: process.pid });
    expect((await api.datasets.delete({ id: second.id })).ok).toBe(false);
    expect(announced).toEqual([{ kind: 'dataset', id: second.id, change: 'added' }]);
  });

  it('answers not_found for an unknown id, and for one already deleted', async () => {
    expect(await api.datasets.delete({ id: 'ds_nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringMatching(/no dataset with id "ds_nope"/) },
    });
    unwrap(await api.datasets.delete({ id: dataset.id }));
    expect(await api.datasets.delete({ id: dataset.id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});

describe('a run on a deleted dataset', () => {
  it('cannot start, even while the folder is still on disk (a delete racing the start)', async () => {
    const studio = createTempStudio('server', {
      spawnTrainer: () => {
        throw new Error('no trainer should be started');
      },
    });
    try {
      const api = createInProcessClient(studio);
      const dataset = unwrap(
        await api.datasets.importBuiltin({ name: 'shapes', resolution: 16, count: 10, channels: 1 }),
      );
      const facts = { kind: 'packed', id: dataset.id, name: dataset.name, numClasses: 0 } as const;
      const config = {
        ...buildTrainingConfig({ ...facts, height: 16, width: 16, channels: 1 }, { preset: 'mlp' }),
        architecture: createPreset('mlp', { data: 'image', resolution: 16, channels: 1, baseWidth: 8 }),
      };
      const db = openStore(studio.storePath);
      deleteDataset(db, dataset.id); // the row only: the folder goes a moment later
      db.close();
      expect(await api.runs.start({ config })).toMatchObject({
        ok: false,
        error: {
          code: 'not_found',
          message: 'The dataset "shapes 16px" has been deleted. Import it again, or pick another one.',
        },
      });
      expect(unwrap(await api.runs.list())).toEqual([]);
    } finally {
      studio.dispose();
    }
  });
});
