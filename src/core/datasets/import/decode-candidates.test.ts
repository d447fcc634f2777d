import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StudioError } from '../../../shared/api/errors';
import { cleanupTemp, makeTempDir } from '../../store/test-support';
import { ByteBudget } from './decoded-images';
import { decodeCandidates } from './decode-candidates';
import { parseImportOptions } from './import-options';
import type { Candidate } from './scan-folder';
import { scanFolder } from './scan-folder';
import { writeManyPngs } from './test-corpus';

afterAll(() => cleanupTemp());

const settings = parseImportOptions({ size: 16 });

function candidate(path: string, size: number): Candidate {
  return {
    path: Buffer.from(path),
    relative: path.split('/').at(-1)!,
    extension: '.png',
    size,
    classIndex: -1,
  };
}

describe('decodeCandidates', () => {
  it('stops within one file per lane of a cancel', async () => {
    const root = makeTempDir();
    await writeManyPngs(root, 20);
    const { candidates } = await scanFolder(root, { labels: 'none' });
    const controller = new AbortController();
    let steps = 0;
    const failure = await decodeCandidates(candidates, {
      settings,
      dedupe: true,
      concurrency: 2,
      signal: controller.signal,
      onStep: (done) => {
        steps = done;
        if (done === 3) controller.abort();
      },
    }).catch((error: StudioError) => error);
    expect((failure as StudioError).code).toBe('cancelled');
    expect(steps).toBeLessThanOrEqual(3 + 2);
  });

  it.skipIf(process.platform === 'win32')(
    'keeps the first file in scan order even when its twin is read first',
    async () => {
      const root = makeTempDir();
      await writeManyPngs(root, 1);
      const bytes = readFileSync(join(root, 'img-00000.png'));
      // Candidate 0 is a FIFO whose bytes arrive late, so candidate 1 (same bytes) is hashed first.
      const fifo = join(root, 'slow.png');
      execFileSync('mkfifo', [fifo]);
      const twin = join(root, 'twin.png');
      writeFileSync(twin, bytes);
      const feed = new Promise((resolve) => setTimeout(resolve, 150)).then(() => writeFile(fifo, bytes));
      const decoded = await decodeCandidates([candidate(fifo, bytes.length), candidate(twin, bytes.length)], {
        settings,
        dedupe: true,
        concurrency: 2,
      });
      await feed;
      expect(decoded.sources).toEqual(['slow.png']);
      expect(decoded.mean).toEqual(decoded.images); // the twin, decoded first, was taken out of the mean
      expect(decoded.rejects).toEqual([
        { path: 'twin.png', kind: 'duplicate', reason: 'duplicate of slow.png' },
      ]);
    },
  );

  it('refuses up front what would not fit in one buffer', async () => {
    const many = Array.from({ length: 70_000 }, (_, i) => candidate(`/nowhere/${i}.png`, 1));
    const big = parseImportOptions({ size: 256 });
    const failure = await decodeCandidates(many, { settings: big, dedupe: true }).catch(
      (e: StudioError) => e,
    );
    expect((failure as StudioError).code).toBe('invalid_input');
    expect((failure as StudioError).message).toMatch(/more than 4 GB; choose a smaller size/);
  });
});

describe('ByteBudget', () => {
  it('holds back a file until enough bytes are released, first come first served', async () => {
    const budget = new ByteBudget(100);
    expect(await budget.acquire(60)).toBe(60);
    const order: string[] = [];
    const large = budget.acquire(500).then((held) => order.push(`large ${held}`));
    const small = budget.acquire(10).then(() => order.push('small'));
    await Promise.resolve();
    expect(order).toEqual([]);
    budget.release(60);
    await large;
    expect(order).toEqual(['large 100']); // the small file waits its turn behind the large one
    budget.release(100);
    await small;
    expect(order).toEqual(['large 100', 'small']);
  });
});
