import { describe, expect, it } from 'vitest';
import type { Objective } from '../engine/objective';
import { diagnoseRun } from './index';
import { type CurveSpec, criticScores, ramp, syntheticRun } from './testing/synthetic-runs';

const STEPS = 5000;

/** D takes over from step `from`: D(G(z)) → 0.01, D(x) → 0.99, G's gradient norm → 0.02. */
function dominatedRun(
  objective: Objective,
  from: number,
  options: { gradients?: boolean; steps?: number } = {},
) {
  const steps = options.steps ?? STEPS;
  const collapse = options.gradients ?? true;
  return syntheticRun({
    objective,
    steps,
    seed: 7,
    changes: {
      d_fake: { mean: ramp(0.4, 0.01, from, from + 100), noise: 0.01, range: [1e-6, 1] },
      d_real: { mean: ramp(0.6, 0.99, from, from + 100), noise: 0.01, range: [0, 1 - 1e-6] },
      ...(collapse
        ? { grad_norm_g: { mean: ramp(1, 0.02, from, from + 100), noise: 0.01, range: [1e-9, 10] } }
        : {}),
    },
  });
}

/** The critic's gap grows from 2 to 12 over steps 3000–3500; G's gradient norm follows `gradG` if given. */
function criticTakeover(objective: Objective, gradG?: CurveSpec) {
  const changes = { ...criticScores(ramp(2, 12, 3000, 3500)), ...(gradG ? { grad_norm_g: gradG } : {}) };
  return syntheticRun({ objective, steps: STEPS, seed: 8, changes });
}

const dominance = (objective: Objective, metrics: ReturnType<typeof dominatedRun>, totalSteps = STEPS) =>
  diagnoseRun(metrics, { objective, totalSteps }).find((a) => a.id === 'discriminator-dominance');

describe('the discriminator-dominance alert', () => {
  it('names the saturation of log(1 − D(G(z))) under minimax and recommends the non-saturating loss', () => {
    const alert = dominance('minimax', dominatedRun('minimax', 2000));
    expect(alert).toMatchObject({ severity: 'critical' });
    expect(alert!.sinceStep).toBeGreaterThanOrEqual(2000);
    expect(alert!.sinceStep).toBeLessThanOrEqual(2200);
    expect(alert!.explanation).toContain('log(1 − D(G(z)))');
    expect(alert!.remedies[0]).toMatch(/non-saturating/);
    expect(alert!.evidence).toMatch(/D\(G\(z\)\) ≈ 0\.0\d+/);
  });

  it('fires when D wins from the start (saturation before G learns)', () => {
    const alert = dominance('minimax', dominatedRun('minimax', 50));
    expect(alert).toMatchObject({ severity: 'critical' });
    expect(alert!.sinceStep).toBeLessThanOrEqual(250);
  });

  it('warns when D separates perfectly while G still has gradients (non-saturating)', () => {
    const alert = dominance('nonsaturating', dominatedRun('nonsaturating', 2000, { gradients: false }));
    expect(alert).toMatchObject({ severity: 'warning', title: 'Discriminator separates perfectly' });
    expect(alert!.remedies.join(' ')).toMatch(/label smoothing/);
  });

  it('stays quiet while the takeover is shorter than the sustained window', () => {
    expect(dominance('minimax', dominatedRun('minimax', STEPS - 60))).toBeUndefined();
    expect(dominance('minimax', dominatedRun('minimax', STEPS - 400))).toBeDefined();
  });

  it('uses the growing critic gap for WGAN-GP, and recommends n_critic 5', () => {
    const metrics = criticTakeover('wgan-gp', {
      mean: ramp(1, 0.05, 3000, 3500),
      noise: 0.02,
      range: [1e-9, 10],
    });
    const alert = dominance('wgan-gp', metrics);
    expect(alert).toMatchObject({ severity: 'critical' });
    expect(alert!.sinceStep).toBeGreaterThanOrEqual(3000);
    expect(alert!.sinceStep).toBeLessThanOrEqual(3600);
    expect(alert!.remedies[0]).toMatch(/n_critic at 5/);
    expect(alert!.evidence).toMatch(/D\(x\) − D\(G\(z\)\) grew to/);
  });

  it('does not fire for a critic whose gradients hold up', () => {
    const metrics = criticTakeover('hinge');
    expect(dominance('hinge', metrics)).toBeUndefined();
  });
});
