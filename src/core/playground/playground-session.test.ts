import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OBJECTIVES } from '../../shared/engine/objective';
import { PlaygroundSetup, defaultPlaygroundSetup } from '../../shared/playground/playground-setup';
import { weightSnapshot } from '../engine/test-support';
import { PlaygroundSession } from './playground-session';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

/** Small enough to step in milliseconds on a CPU. */
function tinySetup(overrides: Partial<PlaygroundSetup> = {}): PlaygroundSetup {
  return PlaygroundSetup.parse({
    ...defaultPlaygroundSetup(overrides.objective),
    generator: { depth: 2, width: 16 },
    discriminator: { depth: 2, width: 16 },
    batchSize: 32,
    ...overrides,
  });
}

const sessions: PlaygroundSession[] = [];
function open(setup: PlaygroundSetup): PlaygroundSession {
  const session = new PlaygroundSession(setup);
  sessions.push(session);
  return session;
}
afterEach(() => {
  for (const s of sessions.splice(0)) s.dispose();
});

function changed(before: Map<string, Float32Array>, after: Map<string, Float32Array>): boolean {
  return [...before].some(([name, values]) => values.some((v, i) => v !== after.get(name)![i]));
}

describe('PlaygroundSession', () => {
  it('a D step moves only D, a G step moves only G, and each is counted', () => {
    const session = open(tinySetup());
    const g = (session as unknown as { parts: { generator: never; discriminator: never } }).parts;
    const g0 = weightSnapshot(g.generator, 'trainable');
    const d0 = weightSnapshot(g.discriminator, 'trainable');
    session.stepDiscriminator();
    expect(changed(g0, weightSnapshot(g.generator, 'trainable'))).toBe(false);
    expect(changed(d0, weightSnapshot(g.discriminator, 'trainable'))).toBe(true);
    const d1 = weightSnapshot(g.discriminator, 'trainable');
    session.stepGenerator();
    expect(changed(g0, weightSnapshot(g.generator, 'trainable'))).toBe(true);
    expect(changed(d1, weightSnapshot(g.discriminator, 'trainable'))).toBe(false);
    expect(session.updates).toEqual({ d: 1, g: 1 });
  });

  it('a play step is n_critic D updates and one G update', () => {
    const session = open(tinySetup({ dStepsPerGStep: 3 }));
    session.step();
    session.step();
    expect(session.updates).toEqual({ d: 6, g: 2 });
  });

  it('is deterministic for a seed: two sessions step to the same frame', async () => {
    const a = open(tinySetup());
    const b = open(tinySetup());
    for (const s of [a, b]) for (let i = 0; i < 5; i++) s.step();
    expect(await a.frame()).toEqual(await b.frame());
  });

  it('frames carry the heatmap, the noise grid, the arrows, the metrics and coverage', async () => {
    const session = open(tinySetup());
    const before = await session.frame();
    expect(before.metrics.lossD).toBeNull();
    expect(before.metrics.lossG).toBeNull();
    session.step();
    const frame = await session.frame();
    expect(frame.extent).toBeCloseTo(1.5);
    expect(frame.real).toHaveLength(1000);
    expect(frame.fake).toHaveLength(2000);
    expect(frame.heatmap.values).toHaveLength(40 * 40);
    expect(frame.heatmap.kind).toBe('probability');
    for (const v of frame.heatmap.values) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
    expect(frame.heatmap.min).toBeLessThanOrEqual(frame.heatmap.max);
    // latent 2: a 15×15 mesh over the latent plane.
    expect(frame.noiseGrid).toMatchObject({ rows: 15, cols: 15 });
    expect(frame.noiseGrid.points).toHaveLength(15 * 15 * 2);
    expect(frame.arrows).toHaveLength(64 * 4);
    // The arrows start at the first generated points.
    expect(frame.arrows[0]).toBeCloseTo(frame.fake[0]!, 3);
    expect(frame.arrows[1]).toBeCloseTo(frame.fake[1]!, 3);
    expect(frame.arrows.slice(2, 4).some((v) => v !== 0)).toBe(true);
    for (const key of ['lossD', 'lossG', 'dReal', 'dFake', 'gradNormD', 'gradNormG'] as const) {
      expect(Number.isFinite(frame.metrics[key])).toBe(true);
    }
    expect(frame.metrics.divergence?.name).toBe('js');
    expect(frame.coverage.modeCount).toBe(8);
  });

  it('critics show a raw score surface and a Wasserstein estimate', async () => {
    for (const objective of OBJECTIVES.filter((o) => o === 'wgan-gp' || o === 'hinge')) {
      const session = open(tinySetup({ objective }));
      session.step();
      const frame = await session.frame();
      expect(frame.heatmap.kind).toBe('score');
      expect(frame.metrics.divergence?.name).toBe('wasserstein');
    }
  });

  it('a drawn distribution has one mode per point, and mode coverage counts them', async () => {
    const points: [number, number][] = [
      [-1, 0],
      [1, 0],
      [0, 1],
    ];
    const session = open(tinySetup({ data: { kind: 'drawn', points, sigma: 0.05 } }));
    const frame = await session.frame();
    expect(frame.coverage.modeCount).toBe(3);
    // Every real point lies near one of the drawn ones.
    for (let i = 0; i < frame.real.length; i += 2) {
      const [x, y] = [frame.real[i]!, frame.real[i + 1]!];
      expect(Math.min(...points.map(([px, py]) => Math.hypot(x - px, y - py)))).toBeLessThan(0.5);
    }
  });

  it('a one-dimensional latent draws its noise grid as a single row', async () => {
    const frame = await open(tinySetup({ latentSize: 1 })).frame();
    expect(frame.noiseGrid).toMatchObject({ rows: 1, cols: 15 });
    expect(frame.noiseGrid.points).toHaveLength(30);
  });

  it('frees every tensor it made when disposed', async () => {
    const before = tf.memory().numTensors;
    const session = new PlaygroundSession(tinySetup());
    session.step();
    await session.frame();
    session.stepDiscriminator();
    session.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
