import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BACKEND_CANDIDATES, type BackendCandidate } from './candidates';
import { probeBackends } from './probe-backends';

const byName = (name: string): BackendCandidate => {
  const found = BACKEND_CANDIDATES.find((c) => c.name === name);
  if (!found) throw new Error(name);
  return found;
};

describe('probeBackends', () => {
  it('activates the best backend that really computes, and says why the others are not used', async () => {
    const broken: BackendCandidate = {
      ...byName('tensorflow'),
      load: () =>
        Promise.reject(Object.assign(new Error('Cannot find package'), { code: 'ERR_MODULE_NOT_FOUND' })),
    };
    const probe = await probeBackends([broken, byName('wasm'), byName('cpu')]);
    expect(probe.active).toBe('wasm');
    expect(probe.reports.map((r) => [r.name, r.status])).toEqual([
      ['tensorflow', 'unavailable'],
      ['wasm', 'active'],
      ['cpu', 'available'],
    ]);
    expect(probe.reports[0]?.detail).toMatch(/npm install @tensorflow\/tfjs-node-gpu/);
    // Loading wasm installs the conv backprop kernels it lacks (wasm-conv-gradients.ts).
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
  });

  it('honours a forced backend when it works', async () => {
    const probe = await probeBackends([byName('wasm'), byName('cpu')], { force: 'cpu' });
    expect(probe.active).toBe('cpu');
    expect(probe.reports.find((r) => r.name === 'wasm')?.status).toBe('available');
  });

  it('reports no active backend when none loads, without throwing', async () => {
    const failing: BackendCandidate = { ...byName('cpu'), load: () => Promise.reject(new Error('boom')) };
    const probe = await probeBackends([failing]);
    expect(probe.active).toBeNull();
    expect(probe.reports[0]).toMatchObject({ status: 'unavailable', detail: expect.stringMatching(/boom/) });
  });
});
