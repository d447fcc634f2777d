import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../runs/test-support';
import { createTempStudio } from '../testing/temp-studio';
import { discardFolder } from './discard-folder';

describe('discardFolder', () => {
  let parent: string;
  beforeEach(() => {
    parent = mkdtempSync(join(tmpdir(), 'gan-studio-discard-'));
  });
  afterEach(() => rmSync(parent, { recursive: true, force: true }));

  it('removes a folder with everything in it, leaving nothing beside it', async () => {
    mkdirSync(join(parent, 'run_1', 'checkpoints', '5'), { recursive: true });
    writeFileSync(join(parent, 'run_1', 'checkpoints', '5', 'state.json'), '{}');
    writeFileSync(join(parent, 'keep.txt'), 'x');
    expect(await discardFolder(join(parent, 'run_1'))).toBe(true);
    expect(readdirSync(parent)).toEqual(['keep.txt']);
  });

  it('treats a folder that is already gone as removed', async () => {
    expect(await discardFolder(join(parent, 'never-was'))).toBe(true);
  });

  it('leaves, when cut short, a hidden folder the next studio start removes', async () => {
    // What a crash between the rename and the removal leaves behind, in both folders that use it.
    for (const folder of ['datasets', 'runs']) {
      mkdirSync(join(parent, folder, '.x_1.partial-deleted-0123456789ab'), { recursive: true });
      mkdirSync(join(parent, folder, 'x_2'));
    }
    const studio = createTempStudio('server', { dataDir: parent });
    try {
      await waitFor('the start-up sweep', () =>
        ['datasets', 'runs'].every((f) => !existsSync(join(parent, f, '.x_1.partial-deleted-0123456789ab'))),
      );
      expect(readdirSync(join(parent, 'runs'))).toEqual(['x_2']);
      expect(readdirSync(join(parent, 'datasets'))).toEqual(['x_2']);
    } finally {
      studio.dispose();
    }
  });
});
