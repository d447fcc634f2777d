import type { BackendCandidate } from './backend-candidate';
import { firstLine } from './backend-candidate';
import { tensorflowCandidate } from './tensorflow-candidate';
import { installWasmConvGradients } from './wasm-conv-gradients';
import { installFastWasmTile } from './wasm-tile';
import { activeWasmThreads, useWasmThreads, wasmThreadCount, wasmThreadsFailure } from './wasm-threads';
import { installFastWasmTransposedMatMul } from './wasm-transposed-matmul';
import { webgpuCandidate } from './webgpu-candidate';

export type { BackendCandidate } from './backend-candidate';

/**
 * The compute backends a host may train on, best first (shared/DESIGN.md, "Compute backends"), in the
 * order of BACKEND_NAMES (the CLI's --backend, the New run form and the config schema list those).
 * Each candidate knows how to load its package and how to describe itself; `probe-backends.ts` decides.
 * This folder is the only place that imports a specific tfjs backend: core and the engine use the
 * plain tfjs API and never know which one is active.
 */
export const BACKEND_CANDIDATES: readonly BackendCandidate[] = [
  tensorflowCandidate,
  webgpuCandidate,
  {
    name: 'wasm',
    package: '@tensorflow/tfjs-backend-wasm',
    async load() {
      await import('@tensorflow/tfjs-backend-wasm');
      // Before the backend initialises: adds the missing Conv2DBackpropFilter kernel (conv training throws
      // without it) and a fast Conv2DBackpropInput; and matrix products that never take wasm's slow
      // transposed path (every dense layer's backward pass); a Tile that copies instead of indexing (BatchNorm
      // gradients). Registered for wasm only.
      installWasmConvGradients();
      installFastWasmTransposedMatMul();
      installFastWasmTile();
      // XNNPACK's products and convolutions on every core (wasm-threads.ts says why tfjs needs help).
      useWasmThreads(wasmThreadCount());
    },
    describe() {
      const threads = activeWasmThreads();
      const failure = wasmThreadsFailure();
      if (failure)
        return `WebAssembly with SIMD on the CPU, one thread: the multithreaded build did not start (${failure}).`;
      return threads === 1
        ? 'WebAssembly with SIMD on the CPU, one thread.'
        : `WebAssembly with SIMD on the CPU, ${threads} threads for image networks (2-D networks train on one: they often run side by side, and their small products lose more than they gain when cores are shared).`;
    },
    explainFailure(error) {
      return `It does not load (${firstLine(error)}). Reinstall the studio's dependencies with \`npm ci\`.`;
    },
  },
  {
    name: 'cpu',
    package: '@tensorflow/tfjs-backend-cpu',
    async load() {
      await import('@tensorflow/tfjs-backend-cpu');
    },
    describe() {
      return 'Plain JavaScript on the CPU: correct but far too slow for convolutional GANs; a last resort.';
    },
    explainFailure(error) {
      return `It does not load (${firstLine(error)}). Reinstall the studio's dependencies with \`npm ci\`.`;
    },
  },
];
