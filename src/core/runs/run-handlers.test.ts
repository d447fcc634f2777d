import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StudioApi } from '../../shared/api/client';
import { createInProcessClient } from '../api/in-process-client';
import { listCheckpoints, listMetricNames, listSamples, openStore } from '../store';
import { seedRun } from '../testing/seed-run';
import { createTempStudio } from '../testing/temp-studio';
import { deadPid, tinyRing8Config, unwrap } from './test-support';
import type { TrainerHandle } from './trainer-handle';
import type { FromTrainer } from './trainer-protocol';

describe('runs.delete', () => {
  let studio: ReturnType<typeof createTempStudio>;
  let api: StudioApi;
  const runsDir = (): string => join(studio.dataDir, 'runs');

  beforeEach(() => {
    studio = createTempStudio('server');
    api = createInProcessClient(studio);
  });
  afterEach(() => studio.dispose());

  it('removes the run, its metrics, samples and checkpoints, and its folder', async () => {
    const id = seedRun(studio, { status: 'completed' });
    const other = seedRun(studio, { status: 'stopped' });
    const announced: unknown[] = [];
    studio.events.subscribe((name, payload) => name === 'library.changed' && announced.push(payload));

    expect(unwrap(await api.runs.delete({ id }))).toEqual({ id });
    expect(announced).toEqual([{ kind: 'run', id, change: 'deleted' }]);

    expect(unwrap(await api.runs.list()).map((r) => r.id)).toEqual([other]);
    expect(readdirSync(runsDir())).toEqual([other]);
    const db = openStore(studio.storePath);
    try {
      expect(listMetricNames(db, id)).toEqual([]);
      expect(listSamples(db, id)).toEqual([]);
      expect(listCheckpoints(db, id)).toEqual([]);
      expect(listSamples(db, other)).toHaveLength(1);
    } finally {
      db.close();
    }
  });

  it.each(['queued', 'running', 'paused'] as const)(
    'is refused while the run is %s, saying to stop it first',
    async (status) => {
      const id = seedRun(studio, { status, ownerPid: process.pid });
      const answer = await api.runs.delete({ id });
      expect(answer).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(answer.ok ? '' : answer.error.message).toBe(
        `Run "seeded on ring8" is ${status}. Stop it first, then delete it once it has stopped.`,
      );
      expect(unwrap(await api.runs.get({ id })).status).toBe(status);
      expect(existsSync(join(runsDir(), id, 'samples', '5.png'))).toBe(true);
    },
  );

  it('deletes a run left live by a host that died (it is interrupted first)', async () => {
    const id = seedRun(studio, { status: 'running', ownerPid: deadPid() });
    expect(unwrap(await api.runs.delete({ id }))).toEqual({ id });
    expect(existsSync(join(runsDir(), id))).toBe(false);
  });

  it('answers not_found for an unknown run, and for one already deleted', async () => {
    expect(await api.runs.delete({ id: 'run_nope' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: expect.stringMatching(/no run with id "run_nope"/) },
    });
    const id = seedRun(studio);
    unwrap(await api.runs.delete({ id }));
    expect(await api.runs.delete({ id })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('runs.delete on a training host', () => {
  it('waits for a finished run’s trainer to exit (it may still be writing its files)', async () => {
    // An in-memory trainer that finishes as soon as it starts, then exits only when told to.
    let exit: () => void = () => undefined;
    const finishing = (): TrainerHandle => {
      let onMessage: (message: FromTrainer) => void = () => undefined;
      return {
        send: (message) => {
          if (message.type !== 'start') return;
          onMessage({ type: 'started', backend: 'cpu', backendDetail: 'fake', step: 0 });
          onMessage({ type: 'finished', status: 'completed', step: 0, reason: null });
        },
        onMessage: (listener) => (onMessage = listener),
        onExit: (listener) => (exit = () => listener(0, null)),
        stderrTail: () => '',
        kill: () => exit(),
      };
    };
    const studio = createTempStudio('server', { spawnTrainer: finishing });
    try {
      const api = createInProcessClient(studio);
      const { id } = unwrap(await api.runs.start({ config: tinyRing8Config() }));
      expect(unwrap(await api.runs.get({ id })).status).toBe('completed');

      const answer = await api.runs.delete({ id });
      expect(answer).toMatchObject({ ok: false, error: { code: 'conflict' } });
      expect(answer.ok ? '' : answer.error.message).toMatch(/is still finishing\. Try again in a moment/);

      exit();
      expect(unwrap(await api.runs.delete({ id }))).toEqual({ id });
    } finally {
      studio.dispose();
    }
  });
});
