import { describe, expect, it } from 'vitest';
import type { Objective } from '../engine/objective';
import { diagnoseRun } from './index';
import { type Curve, criticScores, healthyCurves, switchAt, syntheticRun } from './testing/synthetic-runs';

const STEPS = 5000;
const wave =
  (from: number, period: number): Curve =>
  (s) =>
    Math.sin((2 * Math.PI * (s - from)) / period);

function oscillation(
  objective: Objective,
  changes: Parameters<typeof syntheticRun>[0]['changes'],
  seed = 21,
) {
  const metrics = syntheticRun({ objective, steps: STEPS, seed, changes });
  return diagnoseRun(metrics, { objective, totalSteps: STEPS }).find((a) => a.id === 'oscillation');
}

describe('the oscillation alert', () => {
  const healthyFake = healthyCurves('nonsaturating', STEPS).d_fake!.mean;

  it('fires when D(G(z)) swings with a large amplitude, since the swings began', () => {
    const swing = wave(2000, 400);
    const alert = oscillation('nonsaturating', {
      d_fake: {
        mean: switchAt(2000, healthyFake, (s) => 0.45 + 0.25 * swing(s)),
        noise: 0.03,
        range: [0, 1],
      },
    });
    expect(alert).toMatchObject({ severity: 'warning' });
    expect(alert!.sinceStep).toBeGreaterThanOrEqual(1800);
    expect(alert!.sinceStep).toBeLessThanOrEqual(2300);
    expect(alert!.evidence).toMatch(/a cycle about every (3[5-9]\d|4[0-4]\d) steps/);
  });

  it('ignores a single swing and small wobbles', () => {
    const bump: Curve = (s) => 0.4 + 0.3 * Math.exp(-(((s - 2500) / 150) ** 2));
    expect(oscillation('nonsaturating', { d_fake: { mean: bump, noise: 0.03 } })).toBeUndefined();
    const wobble = wave(0, 400);
    const small: Curve = (s) => healthyFake(s) + 0.04 * wobble(s);
    expect(oscillation('nonsaturating', { d_fake: { mean: small, noise: 0.03 } })).toBeUndefined();
  });

  it('reads the critic gap for WGAN-GP, relative to its size', () => {
    const swing = wave(1000, 500);
    const gap: Curve = (s) => (s < 1000 ? 2 : 2 + 1.5 * swing(s));
    const alert = oscillation('wgan-gp', criticScores(gap));
    expect(alert).toBeDefined();
    expect(alert!.sinceStep).toBeGreaterThanOrEqual(800);
    expect(alert!.sinceStep).toBeLessThanOrEqual(1400);
    expect(alert!.evidence).toContain('D(x) − D(G(z))');
  });

  it('stops once the swings have died out', () => {
    const swing = wave(1000, 400);
    const alert = oscillation('nonsaturating', {
      d_fake: { mean: (s) => (s > 1000 && s < 3000 ? 0.45 + 0.25 * swing(s) : 0.45), noise: 0.03 },
    });
    expect(alert).toBeUndefined();
  });
});
