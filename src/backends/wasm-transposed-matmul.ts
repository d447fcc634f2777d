import type { KernelBackend, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { runWasmKernel, withIntermediates, wrapWasmKernel } from './run-wasm-kernel';

/**
 * tfjs-backend-wasm 4.x multiplies matrices fast (XNNPACK) only when neither operand is transposed; with
 * transposeA or transposeB it takes a plain loop about 7× slower (128×128: 0.5 ms against 3.7 ms here,
 * bench/wasm-matmul.mjs). Every dense layer's backward pass asks for exactly those — dx = dy·Wᵀ and
 * dW = xᵀ·dy — so training an MLP spent most of its time there.
 *
 * This wraps the wasm `BatchMatMul` and `_FusedMatMul` kernels: a transposed operand is first copied
 * transposed (the wasm Transpose kernel, a fraction of the multiply's cost), then the fast path runs.
 * Results are the same products (tested against the cpu backend); only the wasm backend is touched.
 */
const KERNELS = ['BatchMatMul', '_FusedMatMul'] as const;

/** [..., m, n] → [..., n, m]. */
function transposeLastTwo(backend: KernelBackend, x: TensorInfo): TensorInfo {
  const rank = x.shape.length;
  const perm = Array.from({ length: rank }, (_, i) => i);
  perm[rank - 2] = rank - 1;
  perm[rank - 1] = rank - 2;
  return runWasmKernel('Transpose', backend, { x }, { perm });
}

function withoutTransposes(native: KernelFunc): KernelFunc {
  return (params) => {
    const attrs = params.attrs as { transposeA?: boolean; transposeB?: boolean };
    const { a, b } = params.inputs;
    if (
      (!attrs.transposeA && !attrs.transposeB) ||
      !a ||
      !b ||
      a.dtype !== 'float32' ||
      b.dtype !== 'float32'
    ) {
      return native(params);
    }
    const backend = params.backend as KernelBackend;
    return withIntermediates(backend, (keep) => {
      const inputs = {
        ...params.inputs,
        a: attrs.transposeA ? keep(transposeLastTwo(backend, a)) : a,
        b: attrs.transposeB ? keep(transposeLastTwo(backend, b)) : b,
      };
      return native({ ...params, inputs, attrs: { ...params.attrs, transposeA: false, transposeB: false } });
    });
  };
}

export function installFastWasmTransposedMatMul(): void {
  for (const name of KERNELS) wrapWasmKernel(name, withoutTransposes);
}
