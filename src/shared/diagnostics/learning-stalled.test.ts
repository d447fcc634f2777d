import { describe, expect, it } from 'vitest';
import { diagnoseRun } from './index';
import { switchAt, syntheticRun } from './testing/synthetic-runs';

const STEPS = 5000;

/** G's loss and D(G(z)) freeze from step `from`: no minibatch noise left. */
function frozenFrom(from: number) {
  const noise = (before: number) =>
    switchAt(
      from,
      () => before,
      () => 0,
    );
  return syntheticRun({
    objective: 'nonsaturating',
    steps: STEPS,
    seed: 41,
    changes: {
      loss_g: { mean: () => 0.693, noise: noise(0.1) },
      d_fake: { mean: () => 0.5, noise: noise(0.03) },
    },
  });
}

const stalled = (metrics: ReturnType<typeof frozenFrom>) =>
  diagnoseRun(metrics, { objective: 'nonsaturating', totalSteps: STEPS }).find(
    (a) => a.id === 'learning-stalled',
  );

describe('the learning-stalled alert', () => {
  it('fires once G’s loss and D(G(z)) stand still for a long window, dated to when they froze', () => {
    const alert = stalled(frozenFrom(3000));
    expect(alert).toMatchObject({ severity: 'warning' });
    expect(alert!.sinceStep).toBeGreaterThanOrEqual(2990);
    expect(alert!.sinceStep).toBeLessThanOrEqual(3010);
    expect(alert!.evidence).toContain('0.693');
  });

  it('waits for the whole window', () => {
    expect(stalled(frozenFrom(4700))).toBeUndefined();
  });

  it('needs both to stand still', () => {
    const metrics = frozenFrom(3000);
    const lively = syntheticRun({ objective: 'nonsaturating', steps: STEPS, seed: 42 });
    expect(stalled({ ...metrics, d_fake: lively.d_fake! })).toBeUndefined();
  });
});
