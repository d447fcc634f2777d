import * as tf from '@tensorflow/tfjs-core';
import type {
  KernelBackend,
  KernelFunc,
  NamedAttrMap,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs-core';

/**
 * Runs a registered wasm kernel on TensorInfos, the way backends compose their own kernels (no tape, no
 * engine bookkeeping). The caller owns the result and frees it with `backend.disposeData`.
 */
export function runWasmKernel(
  name: string,
  backend: KernelBackend,
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap = {},
): TensorInfo {
  const kernel = tf.getKernel(name, 'wasm');
  if (!kernel) throw new Error(`The wasm backend has no '${name}' kernel.`);
  const out = kernel.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`The wasm '${name}' kernel returned several tensors.`);
  return out;
}

/** Frees every intermediate a kernel made, also when it throws halfway. */
export function withIntermediates<T>(
  backend: KernelBackend,
  body: (keep: (t: TensorInfo) => TensorInfo) => T,
): T {
  const made: TensorInfo[] = [];
  try {
    return body((t) => {
      made.push(t);
      return t;
    });
  } finally {
    for (const t of made) backend.disposeData(t.dataId);
  }
}

const wrapped = new WeakSet<KernelFunc>();

/**
 * Replaces the wasm kernel `name` with `wrap(native)`, which may fall back to the native function.
 * Idempotent; only the wasm backend is touched. Unregistered first, as registering over a kernel warns;
 * the native setup function (its binding into the wasm module) is kept, for the backend's
 * initialisation and for the fallback.
 */
export function wrapWasmKernel(name: string, wrap: (native: KernelFunc) => KernelFunc): void {
  const native = tf.getKernel(name, 'wasm');
  if (!native || wrapped.has(native.kernelFunc)) return;
  const kernelFunc = wrap(native.kernelFunc);
  wrapped.add(kernelFunc);
  tf.unregisterKernel(name, 'wasm');
  tf.registerKernel({ ...native, kernelFunc });
}
