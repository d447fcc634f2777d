import type { BackendReport } from '@shared/api';
import { describe, expect, it } from 'vitest';
import { describeBackendChoice } from './backend-choice';

const backends: BackendReport[] = [
  {
    name: 'cpu',
    package: '@tensorflow/tfjs-backend-cpu',
    status: 'available',
    detail: 'Plain JavaScript; correct but slow.',
  },
  {
    name: 'tensorflow',
    package: '@tensorflow/tfjs-node-gpu',
    status: 'unavailable',
    detail: 'libtensorflow is not installed.',
  },
  {
    name: 'wasm',
    package: '@tensorflow/tfjs-backend-wasm',
    status: 'active',
    detail: 'WebAssembly with SIMD on 16 threads.',
  },
];

describe('describeBackendChoice', () => {
  it('names the active backend and, best first, why each better one is not used', () => {
    const choice = describeBackendChoice(backends, 'wasm');
    expect(choice.headline).toBe(
      'Training runs on wasm (@tensorflow/tfjs-backend-wasm). Faster backends are not used:',
    );
    expect(choice.passedOver).toEqual([
      { name: 'tensorflow', reason: 'does not load here: libtensorflow is not installed.' },
    ]);
  });

  it('says so when the first choice trains', () => {
    const choice = describeBackendChoice(
      [{ name: 'tensorflow', package: '@tensorflow/tfjs-node-gpu', status: 'active', detail: 'CUDA.' }],
      'tensorflow',
    );
    expect(choice.headline).toContain("the studio's first choice");
    expect(choice.passedOver).toEqual([]);
  });

  it('says nothing can train when no backend loads', () => {
    expect(describeBackendChoice(backends, null).headline).toMatch(/^No compute backend loads/);
  });
});
