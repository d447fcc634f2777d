import * as tf from '@tensorflow/tfjs-core';
import type { KernelBackend, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';

/**
 * tfjs-backend-webgpu 4.22's AddN binds every input and the output as storage buffers of one compute
 * shader, and a WebGPU device allows 8 per shader stage unless more are asked for (tfjs does not ask):
 * with more than 7 inputs the pipeline is invalid, WebGPU logs a validation error and the result is
 * garbage. The engine's gradient norm sums one term per weight tensor (dozens per network), so every
 * training step hit this. Its Concat already splits its inputs; this AddN does the same:
 *
 *   AddN(x₁ … xₙ) = AddN(AddN(x₁ … x_k), AddN(x_{k+1} … x_{2k}), …),  k = buffers per stage − 1
 *
 * Registered for webgpu only, once its kernels are registered (after its package is imported).
 */
const ADD_N = 'AddN';
let installed = false;

export function installWebgpuAddN(): void {
  const original = tf.getKernel(ADD_N, 'webgpu');
  if (installed || !original) return;
  const kernelFunc = chunkedAddN(original.kernelFunc, (backend) => storageBuffersPerStage(backend) - 1);
  tf.unregisterKernel(ADD_N, 'webgpu');
  tf.registerKernel({ kernelName: ADD_N, backendName: 'webgpu', kernelFunc });
  installed = true;
}

/** `addN` applied to at most `inputsPerCall(backend)` inputs at a time (at least 2). */
export function chunkedAddN(addN: KernelFunc, inputsPerCall: (backend: unknown) => number): KernelFunc {
  return ({ inputs, backend, attrs }) => {
    // AddN's inputs are an array of tensors (tfjs passes the list as the input map).
    const tensors = inputs as unknown as TensorInfo[];
    const perCall = Math.max(2, inputsPerCall(backend));
    const call = (list: TensorInfo[]) =>
      addN({ inputs: list as unknown as typeof inputs, backend, attrs }) as TensorInfo;
    if (tensors.length <= perCall) return addN({ inputs, backend, attrs });
    const partial: TensorInfo[] = [];
    try {
      let level = tensors;
      while (level.length > perCall) {
        const next: TensorInfo[] = [];
        for (let start = 0; start < level.length; start += perCall) {
          const chunk = level.slice(start, start + perCall);
          const sum = chunk.length === 1 ? chunk[0]! : call(chunk);
          if (sum !== chunk[0]) partial.push(sum);
          next.push(sum);
        }
        level = next;
      }
      return call(level);
    } finally {
      // The backend keeps a buffer alive until the work queued on it has been submitted.
      for (const sum of partial) (backend as KernelBackend).disposeData(sum.dataId);
    }
  };
}

function storageBuffersPerStage(backend: unknown): number {
  const limits = (backend as { device?: { limits?: { maxStorageBuffersPerShaderStage?: number } } }).device
    ?.limits;
  return limits?.maxStorageBuffersPerShaderStage ?? 8;
}
