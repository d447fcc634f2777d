import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it, vi } from 'vitest';
import { BACKEND_NAMES } from '../shared/api/dto';
import { ExplainedError } from './backend-candidate';
import { BACKEND_CANDIDATES, type BackendCandidate } from './candidates';
import { probeBackends } from './probe-backends';
import { explainNoAdapter } from './webgpu-candidate';

const byName = (name: string): BackendCandidate => {
  const found = BACKEND_CANDIDATES.find((c) => c.name === name);
  if (!found) throw new Error(name);
  return found;
};

/** No GPU device nodes: Dawn cannot find a hardware adapter, whatever Vulkan offers in software. */
const noGpuHere = !['/dev/dri', '/dev/nvidiactl', '/dev/dxg'].some((path) => existsSync(path));
const tfjsNodeGpuInstalled = (() => {
  try {
    createRequire(import.meta.url).resolve('@tensorflow/tfjs-node-gpu');
    return true;
  } catch {
    return false;
  }
})();

describe('probeBackends', () => {
  it('tries the candidates in the order of BACKEND_NAMES: tensorflow, webgpu, wasm, cpu', () => {
    expect(BACKEND_CANDIDATES.map((c) => c.name)).toEqual([...BACKEND_NAMES]);
    expect(BACKEND_NAMES).toEqual(['tensorflow', 'webgpu', 'wasm', 'cpu']);
  });

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

  it('examines candidates only for a report, and puts the findings in the description', async () => {
    const examine = vi.fn(async () => 'CUDA GPU: Fake GPU (compute capability 9.0, 1 GB).');
    const examined: BackendCandidate = {
      ...byName('cpu'),
      examine,
      describe: (_tf, findings) => `Plain. ${findings ?? ''}`.trim(),
    };
    expect((await probeBackends([examined])).reports[0]?.detail).not.toMatch(/Fake GPU/);
    expect(examine).not.toHaveBeenCalled();
    const report = await probeBackends([examined], { report: true });
    expect(examine).toHaveBeenCalledOnce();
    expect(report.reports[0]?.detail).toMatch(/Fake GPU/);
  });

  it('does not load a candidate whose examination fails, and reports why', async () => {
    const load = vi.fn(() => Promise.resolve());
    const stalls: BackendCandidate = {
      ...byName('tensorflow'),
      load,
      examine: () => Promise.reject(new ExplainedError('A first computation did not finish within 60 s.')),
    };
    const probe = await probeBackends([stalls, byName('cpu')], { report: true });
    expect(load).not.toHaveBeenCalled();
    expect(probe.reports[0]).toMatchObject({
      name: 'tensorflow',
      status: 'unavailable',
      detail: 'A first computation did not finish within 60 s.',
    });
    expect(probe.active).toBe('cpu');
  });

  it('releases what this process will not compute on: the others after a choice, everything after a report', async () => {
    const wasmRelease = vi.fn();
    const cpuRelease = vi.fn();
    const candidates = [
      { ...byName('wasm'), release: wasmRelease },
      { ...byName('cpu'), release: cpuRelease },
    ];
    await probeBackends(candidates);
    expect(wasmRelease).not.toHaveBeenCalled();
    expect(cpuRelease).toHaveBeenCalledOnce();
    await probeBackends(candidates, { report: true });
    expect(wasmRelease).toHaveBeenCalledOnce();
    expect(cpuRelease).toHaveBeenCalledTimes(2);
  });
});

describe('the tensorflow candidate where tfjs-node-gpu is not installed', () => {
  it.skipIf(tfjsNodeGpuInstalled)(
    'is reported as not installed, without starting a test process',
    async () => {
      const started = performance.now();
      const probe = await probeBackends([byName('tensorflow'), byName('cpu')], { report: true });
      expect(performance.now() - started).toBeLessThan(2000);
      expect(probe.reports[0]).toMatchObject({
        status: 'unavailable',
        detail: expect.stringMatching(/^Not installed\. .*npm install @tensorflow\/tfjs-node-gpu/),
      });
    },
  );
});

describe('the webgpu candidate (the real webgpu package, Dawn for Node)', () => {
  it.skipIf(!noGpuHere)(
    'is skipped quickly where Dawn finds no adapter, saying why, holding nothing',
    async () => {
      const started = performance.now();
      const probe = await probeBackends([byName('webgpu'), byName('wasm')]);
      expect(performance.now() - started).toBeLessThan(5000);
      expect(probe.active).toBe('wasm');
      expect(probe.reports[0]).toEqual({
        name: 'webgpu',
        package: 'webgpu + @tensorflow/tfjs-backend-webgpu',
        status: 'unavailable',
        detail: explainNoAdapter(),
      });
      expect(probe.reports[0]?.detail).toMatch(
        /^No WebGPU adapter found: Dawn needs a GPU with a Vulkan driver on Linux \(Metal on macOS, D3D12 on Windows\)\./,
      );
      // No GPU object was made global, and tfjs's WebGPU backend was never loaded.
      expect((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu).toBeUndefined();
      expect(tf.findBackendFactory('webgpu')).toBeNull();
    },
  );

  it('explains a missing adapter by what the machine lacks', () => {
    expect(explainNoAdapter('linux', () => false)).toMatch(
      /The Vulkan loader \(libvulkan\.so\.1\) is not installed: install it \(Debian\/Ubuntu: libvulkan1\) and the GPU's Vulkan driver/,
    );
    expect(explainNoAdapter('linux', () => true)).toMatch(
      /offers no GPU Dawn accepts .*vulkaninfo --summary/,
    );
    expect(explainNoAdapter('darwin')).toMatch(
      /\(Metal on macOS, D3D12 on Windows\)\. Update the GPU's driver\.$/,
    );
  });
});
