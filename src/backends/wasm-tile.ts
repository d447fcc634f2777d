import type { KernelFunc, TensorInfo, TileAttrs } from '@tensorflow/tfjs-core';
import { wrapWasmKernel } from './run-wasm-kernel';

/**
 * wasm's `Tile` computes every output element's source index in a scalar loop: ≈ 80 ns per element, so
 * 76 ms to spread a BatchNorm layer's [1,1,1,64] mean over a 64×16×16×64 activation. tfjs's BatchNorm
 * gradient does exactly that for every statistic of every layer, and it took a tenth of a DCGAN 32×32
 * step. When the tiling is "the whole input, repeated" — only leading dimensions of size 1 are tiled —
 * the output is the input's bytes over and over, which this writes with doubling memory copies (≈ 1 ms).
 * Any other tiling keeps the native kernel. Only the wasm backend is touched.
 */

/** What the wasm backend offers for writing a kernel's output in place. */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}

/** True when tiling x by reps repeats x whole: every tiled dimension precedes x's first non-1 one. */
export function isWholeRepeat(shape: readonly number[], reps: readonly number[]): boolean {
  let seenData = false;
  for (let i = 0; i < shape.length; i++) {
    if ((reps[i] ?? 1) !== 1 && seenData) return false;
    if ((shape[i] ?? 1) !== 1) seenData = true;
  }
  return true;
}

function repeatWhole(native: KernelFunc): KernelFunc {
  return (params) => {
    const { x } = params.inputs;
    const { reps } = params.attrs as unknown as TileAttrs;
    if (!x || x.dtype !== 'float32' || !isWholeRepeat(x.shape, reps)) return native(params);
    const backend = params.backend as unknown as WasmHeapBackend;
    const out = backend.makeOutput(
      x.shape.map((d, i) => d * (reps[i] ?? 1)),
      'float32',
    );
    // Views after makeOutput: allocating may grow the heap and detach older views.
    const source = backend.typedArrayFromHeap(x);
    const target = backend.typedArrayFromHeap(out);
    if (source.length === 0) return out;
    target.set(source);
    for (let filled = source.length; filled < target.length; filled *= 2) {
      target.copyWithin(filled, 0, Math.min(filled, target.length - filled));
    }
    return out;
  };
}

/** Replaces wasm's `Tile` with the copy above where it applies. Idempotent. */
export function installFastWasmTile(): void {
  wrapWasmKernel('Tile', repeatWhole);
}
