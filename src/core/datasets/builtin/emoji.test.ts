import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createTempStudio } from '../../testing/temp-studio';
import { EMOJI_CATEGORIES } from './emoji';

/** The expected set, computed straight from the package's own index. */
function expectedCounts(): Map<string, number> {
  const index = createRequire(import.meta.url).resolve('emoji-datasource-google/emoji.json');
  const entries = JSON.parse(readFileSync(index, 'utf8')) as { category: string; has_img_google: boolean }[];
  const counts = new Map<string, number>();
  for (const e of entries) {
    if (e.has_img_google && (EMOJI_CATEGORIES as readonly string[]).includes(e.category)) {
      counts.set(e.category, (counts.get(e.category) ?? 0) + 1);
    }
  }
  return counts;
}

describe('built-in datasets by name', () => {
  it('imports the emoji set: every emoji of the six categories, a class each, with attribution', async () => {
    const studio = createTempStudio();
    try {
      const imported = await studio.invoke('datasets.importBuiltin', { name: 'emoji', resolution: 16 });
      expect(imported.ok).toBe(true);
      if (!imported.ok) return;
      const id = (imported.value as { id: string }).id;
      const detail = await studio.invoke('datasets.get', { id });
      if (!detail.ok) throw new Error(detail.error.message);
      const d = detail.value as {
        imageCount: number;
        classNames: string[];
        classCounts: number[];
        attribution: string;
        sourcePath: null;
        skipped: unknown[];
      };
      const expected = expectedCounts();
      const total = [...expected.values()].reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThan(900);
      expect(d.imageCount).toBe(total);
      expect(d.skipped).toEqual([]);
      expect(d.classNames).toEqual([...EMOJI_CATEGORIES].sort());
      expect(d.classNames.map((c, i) => [c, d.classCounts[i]])).toEqual(
        d.classNames.map((c) => [c, expected.get(c)]),
      );
      expect(d.attribution).toMatch(/Noto Emoji by Google, Apache License 2\.0/);
      expect(d.sourcePath).toBeNull();
    } finally {
      studio.dispose();
    }
  }, 60_000);

  it('imports shapes with three classes at the requested size', async () => {
    const studio = createTempStudio();
    try {
      const imported = await studio.invoke('datasets.importBuiltin', {
        name: 'shapes',
        resolution: 16,
        count: 60,
      });
      expect(imported).toMatchObject({
        ok: true,
        value: {
          imageCount: 60,
          width: 16,
          height: 16,
          channels: 3,
          classNames: ['circle', 'square', 'triangle'],
        },
      });
    } finally {
      studio.dispose();
    }
  });
});
