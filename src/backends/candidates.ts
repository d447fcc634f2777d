import type * as tfCore from '@tensorflow/tfjs-core';
import type { BackendName } from '../shared/api/dto';
import { installWasmConvGradients } from './wasm-conv-gradients';
import { installFastWasmTransposedMatMul } from './wasm-transposed-matmul';

/**
 * The compute backends a host may train on, best first (shared/DESIGN.md, "Compute backends").
 * Each candidate knows how to load its package and how to describe itself; `probe-backends.ts` decides.
 * This folder is the only place that imports a specific tfjs backend: core and the engine use the
 * plain tfjs API and never know which one is active.
 */
export interface BackendCandidate {
  readonly name: BackendName;
  readonly package: string;
  /** Registers the backend with tfjs-core; throws when the package or its native parts are missing. */
  load(): Promise<void>;
  /** What it runs on, once it has been activated. */
  describe(tf: typeof tfCore): string;
  /** Turns a load failure into a sentence that says why and what to do. */
  explainFailure(error: unknown): string;
}

function isModuleMissing(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split('\n')[0]?.trim() ?? text;
}

export const BACKEND_CANDIDATES: readonly BackendCandidate[] = [
  {
    name: 'tensorflow',
    package: '@tensorflow/tfjs-node-gpu',
    async load() {
      // An optional dependency: a string specifier keeps bundlers and type checks from requiring it.
      const specifier = '@tensorflow/tfjs-node-gpu';
      await import(/* @vite-ignore */ specifier);
    },
    describe() {
      return 'Native TensorFlow (libtensorflow) through tfjs-node-gpu: CUDA GPU when one is usable, otherwise all CPU cores.';
    },
    explainFailure(error) {
      if (isModuleMissing(error)) {
        return 'Not installed. It is an optional dependency whose install downloads libtensorflow, which needs internet access; on a connected machine run `npm install @tensorflow/tfjs-node-gpu`.';
      }
      return `Installed but it does not load (${firstLine(error)}). Reinstall it with \`npm rebuild @tensorflow/tfjs-node-gpu\` on a machine with internet access.`;
    },
  },
  {
    name: 'wasm',
    package: '@tensorflow/tfjs-backend-wasm',
    async load() {
      await import('@tensorflow/tfjs-backend-wasm');
      // Before the backend initialises: adds the missing Conv2DBackpropFilter kernel (conv training throws
      // without it) and a fast Conv2DBackpropInput; and matrix products that never take wasm's slow
      // transposed path (every dense layer's backward pass). Registered for wasm only.
      installWasmConvGradients();
      installFastWasmTransposedMatMul();
    },
    describe() {
      return 'WebAssembly with SIMD on the CPU (one thread under Node).';
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
