import { describe, expect, it } from 'vitest';
import { buildTrainingConfig, factsOfPointSet } from './recipes';
import { TrainingConfig } from './training-config';

describe('the 2-D recipes', () => {
  it('give grid25 a spectrally normalised D with the minibatch deviation, packing 2, 3 D updates, 12,000 steps', () => {
    const config = buildTrainingConfig(factsOfPointSet('grid25'));
    expect(TrainingConfig.parse(config)).toEqual(config);
    const d = config.architecture.discriminator;
    expect(d.blocks.filter((b) => b.type === 'dense').map((b) => b.norm)).toEqual([
      'spectral',
      'spectral',
      'spectral',
    ]);
    expect({ packing: d.packing, minibatchStd: d.minibatchStd }).toEqual({ packing: 2, minibatchStd: true });
    expect({ nCritic: config.nCritic, steps: config.steps, latent: config.architecture.latentSize }).toEqual({
      nCritic: 3,
      steps: 12_000,
      latent: 2,
    });
  });

  it('give ring8 a plain D judging pairs for 6,000 steps, and honour the steps asked for', () => {
    const config = buildTrainingConfig(factsOfPointSet('ring8'), { steps: 500 });
    const d = config.architecture.discriminator;
    expect(d.blocks.every((b) => b.type !== 'dense' || b.norm === 'none')).toBe(true);
    expect({ packing: d.packing, minibatchStd: d.minibatchStd, nCritic: config.nCritic }).toEqual({
      packing: 2,
      minibatchStd: false,
      nCritic: 1,
    });
    expect(config.steps).toBe(500);
    expect(buildTrainingConfig(factsOfPointSet('ring8')).steps).toBe(6000);
  });
});
