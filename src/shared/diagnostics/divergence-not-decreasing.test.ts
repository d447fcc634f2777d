import { describe, expect, it } from 'vitest';
import type { Objective } from '../engine/objective';
import { diagnoseRun } from './index';
import { type Curve, ramp, syntheticRun } from './testing/synthetic-runs';

const STEPS = 5000;

function plateau(objective: Objective, name: 'js' | 'wasserstein', mean: Curve, noise = 0.02) {
  const metrics = syntheticRun({ objective, steps: STEPS, seed: 31, changes: { [name]: { mean, noise } } });
  return diagnoseRun(metrics, { objective, totalSteps: STEPS }).find(
    (a) => a.id === 'divergence-not-decreasing',
  );
}

describe('the divergence-not-decreasing alert', () => {
  it('fires when the JS estimate stays high over the second half', () => {
    const alert = plateau('nonsaturating', 'js', ramp(0, 0.45, 0, 200));
    expect(alert).toMatchObject({ severity: 'warning', title: 'JS divergence not decreasing' });
    expect(alert!.sinceStep).toBeGreaterThanOrEqual(200);
    expect(alert!.sinceStep).toBeLessThanOrEqual(2500);
    expect(alert!.explanation).toContain('−log 4 + 2·JS');
  });

  it('dates a rise back to the trough it started from', () => {
    const mean: Curve = (s) => (s < 2000 ? ramp(0.5, 0.2, 0, 2000)(s) : ramp(0.2, 0.5, 2000, STEPS)(s));
    const alert = plateau('minimax', 'js', mean);
    expect(alert!.sinceStep).toBeGreaterThanOrEqual(1800);
    expect(alert!.sinceStep).toBeLessThanOrEqual(2300);
  });

  it('stays quiet while the estimate falls, or once it has converged near zero', () => {
    expect(plateau('nonsaturating', 'js', ramp(0.6, 0.35, 0, STEPS))).toBeUndefined();
    expect(plateau('nonsaturating', 'js', ramp(0.3, 0.05, 0, 1000))).toBeUndefined();
  });

  it('reads the Wasserstein estimate of critic objectives', () => {
    const alert = plateau('wgan-gp', 'wasserstein', ramp(1, 3, 0, STEPS), 0.3);
    expect(alert).toMatchObject({ title: 'Wasserstein estimate not decreasing' });
    expect(alert!.remedies.join(' ')).toMatch(/n_critic/);
    expect(plateau('wgan-gp', 'wasserstein', ramp(4, 0.8, 150, STEPS), 0.3)).toBeUndefined();
  });
});
