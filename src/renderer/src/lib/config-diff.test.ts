import { describe, expect, it } from 'vitest';
import { diffConfigs, flattenConfig, formatSetting } from './config-diff';

describe('config diff', () => {
  it('flattens nested settings, and arrays of blocks by index', () => {
    const flat = flattenConfig({ a: { b: 1 }, list: [2, 3], blocks: [{ units: 8 }, { units: 4 }] });
    expect([...flat]).toEqual([
      ['a.b', 1],
      ['list', [2, 3]],
      ['blocks[0].units', 8],
      ['blocks[1].units', 4],
    ]);
  });

  it('marks exactly the settings that differ, including one a config lacks', () => {
    const rows = diffConfigs([
      { seed: 1, optimizerG: { learningRate: 2e-4 }, objective: 'hinge' },
      { seed: 1, optimizerG: { learningRate: 1e-4 }, objective: 'hinge', generatorEma: 0.999 },
    ]);
    expect(rows.filter((row) => row.differs).map((row) => row.path)).toEqual([
      'optimizerG.learningRate',
      'generatorEma',
    ]);
    expect(formatSetting(rows.find((row) => row.path === 'generatorEma')!.values[0])).toBe('—');
  });
});
