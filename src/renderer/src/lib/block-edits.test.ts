import { createPreset, validateArchitecture } from '@shared/engine/architecture';
import { describe, expect, it } from 'vitest';
import { addBlock, moveBlock, newBlock, removeBlock, summariseBlocks, updateBlock } from './block-edits';

const spec = createPreset('dcgan', { resolution: 32, channels: 3 });

describe('block edits', () => {
  it('adds a block before the output, which stays last', () => {
    const blocks = addBlock(spec.discriminator.blocks, newBlock('discriminator', 'dense'));
    expect(blocks).toHaveLength(spec.discriminator.blocks.length + 1);
    expect(blocks.at(-1)?.type).toBe('output');
    expect(blocks.at(-2)?.type).toBe('dense');
  });

  it('moves, updates and removes without touching the original list', () => {
    const original = spec.generator.blocks;
    const moved = moveBlock(original, 0, 1);
    expect(moved[1]).toBe(original[0]);
    expect(moveBlock(original, 0, -1)).toEqual(original);
    const updated = updateBlock(original, 1, { filters: 32 } as never);
    expect(updated[1]).toMatchObject({ filters: 32 });
    expect(original[1]).not.toMatchObject({ filters: 32 });
    expect(removeBlock(original, 0)).toHaveLength(original.length - 1);
  });

  it('summarises each block from the validator: parameters add up to the network total', () => {
    const report = validateArchitecture(spec);
    const summary = summariseBlocks(report, 'generator', spec.generator.blocks.length);
    const total = summary.reduce((sum, block) => sum + block.params, 0);
    expect(total).toBe(report.generator.params);
    expect(summary.at(-1)?.outputShape).toEqual([32, 32, 3]);
  });

  it('an edit that breaks the stack is reported at the offending block', () => {
    const broken = {
      ...spec,
      generator: { ...spec.generator, blocks: moveBlock(spec.generator.blocks, 0, 1) },
    };
    const report = validateArchitecture(broken);
    expect(report.ok).toBe(false);
    expect(report.errors.some((issue) => issue.network === 'generator' && issue.block !== null)).toBe(true);
  });
});
