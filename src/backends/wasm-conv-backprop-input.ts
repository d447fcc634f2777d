import * as tf from '@tensorflow/tfjs-core';
import type { Conv2DBackpropInputAttrs, KernelBackend, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { runWasmKernel, withIntermediates, wrapWasmKernel } from './run-wasm-kernel';

/**
 * wasm's own `Conv2DBackpropInput` (the forward op of Conv2DTranspose and the input gradient of every
 * Conv2D) is a scalar loop: measured ≈0.5 GMAC/s against ≈3–4 for its XNNPACK Conv2D, it took ¾ of a DCGAN
 * 32×32 training step. This re-expresses it as one XNNPACK conv2d plus a depth-to-space shuffle:
 *
 *   dx[n,h,w,ci] = Σ_{i·s+kh = h+top, j·s+kw = w+left} Σ_co dy[n,i,j,co] · W[kh,kw,ci,co]
 *
 * Write h+top = s·q + r (0 ≤ r < s). Then kh = r + s·m and i = q − m for m = 0…M−1, M = ⌈K/s⌉, so every
 * output phase (rh, rw) is a small stride-1 'full' correlation of dy:
 *
 *   Y[n,q,p,(rh,rw,ci)] = Σ_{mh,mw,co} dy[n, q−mh, p−mw, co] · W[rh+s·mh, rw+s·mw, ci, co]   (W = 0 past K)
 *
 * i.e. conv2d(dy padded by M−1 before, F) with F[th,tw,co,(rh,rw,ci)] = W[rh + s(M−1−th), rw + s(M−1−tw), ci, co].
 * depthToSpace(Y, s)[n, s·q+rh, s·p+rw, ci] = Y[n,q,p,(rh,rw,ci)], which is dx shifted by (top, left).
 * No zeros are inserted into dy, so it multiplies as often as the direct sum when s divides K (DCGAN's
 * kernel 4, stride 2); otherwise the zero taps cost up to (s·M/K)² as much.
 */
function phaseFilter(w: Float32Array, shape: readonly number[], s: number): Float32Array {
  const [kh = 0, kw = 0, ci = 0, co = 0] = shape;
  const mh = Math.ceil(kh / s);
  const mw = Math.ceil(kw / s);
  const depth = s * s * ci;
  const f = new Float32Array(mh * mw * co * depth);
  for (let th = 0; th < mh; th++) {
    for (let tw = 0; tw < mw; tw++) {
      for (let rh = 0; rh < s; rh++) {
        const srcH = rh + s * (mh - 1 - th);
        if (srcH >= kh) continue;
        for (let rw = 0; rw < s; rw++) {
          const srcW = rw + s * (mw - 1 - tw);
          if (srcW >= kw) continue;
          for (let c = 0; c < ci; c++) {
            const src = ((srcH * kw + srcW) * ci + c) * co;
            const dst = (th * mw + tw) * co * depth + (rh * s + rw) * ci + c;
            for (let o = 0; o < co; o++) f[dst + o * depth] = w[src + o] ?? 0;
          }
        }
      }
    }
  }
  return f;
}

function makeConv2dBackpropInput(native: KernelFunc): KernelFunc {
  return (params) => {
    const backend = params.backend as KernelBackend;
    const { dy, filter } = params.inputs;
    const attrs = params.attrs as unknown as Conv2DBackpropInputAttrs;
    const [sh, sw] = typeof attrs.strides === 'number' ? [attrs.strides, attrs.strides] : attrs.strides;
    // depthToSpace has one block size, and the native kernel also covers NCHW: leave the rare cases to it.
    if (!dy || !filter || attrs.dataFormat !== 'NHWC' || sh !== sw || filter.dtype !== 'float32') {
      return native(params);
    }
    const w = backend.readSync(filter.dataId);
    if (!(w instanceof Float32Array)) return native(params);

    const s = sh;
    const [n, h, wd, ci] = attrs.inputShape;
    const fShape = filter.shape as [number, number, number, number];
    const info = tf.backend_util.computeConv2DInfo(
      attrs.inputShape,
      fShape,
      s,
      1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      'channelsLast',
    );
    const { top, left } = info.padInfo;
    const mh = Math.ceil(fShape[0] / s);
    const mw = Math.ceil(fShape[1] / s);
    // Y needs rows q = 0…⌈(H+top)/s⌉−1; dy is zero past its last row, so pad with zeros up to there.
    const bottom = Math.max(0, Math.ceil((h + top) / s) - info.outHeight);
    const right = Math.max(0, Math.ceil((wd + left) / s) - info.outWidth);
    const fInfoShape = [mh, mw, fShape[3], s * s * ci];

    return withIntermediates(backend, (keep) => {
      const f = keep({
        dataId: backend.write(phaseFilter(w, fShape, s), fInfoShape, 'float32'),
        shape: fInfoShape,
        dtype: 'float32',
      });
      const pads = [
        [0, 0],
        [mh - 1, bottom],
        [mw - 1, right],
        [0, 0],
      ];
      const convAttrs = { strides: [1, 1], pad: pads, dataFormat: 'NHWC', dilations: [1, 1] };
      const conv = runWasmKernel('Conv2D', backend, { x: dy, filter: f }, convAttrs);
      let y: TensorInfo = conv;
      if (s > 1) {
        keep(conv);
        y = depthToSpace(backend, conv, s, keep);
      }
      if (top === 0 && left === 0 && y.shape[1] === h && y.shape[2] === wd) return y;
      keep(y);
      return runWasmKernel('Slice', backend, { x: y }, { begin: [0, top, left, 0], size: [n, h, wd, ci] });
    });
  };
}

/**
 * depthToSpace(x, s) as reshape → transpose → reshape: [n,q,p,(rh,rw,c)] → [n,q,rh,p,rw,c]. wasm's own
 * DepthToSpace is a scalar loop 10× slower than its Transpose (46 against 4 ms on 64×5×5×512 here), and
 * it ran on every transposed convolution.
 */
function depthToSpace(
  backend: KernelBackend,
  x: TensorInfo,
  s: number,
  keep: (t: TensorInfo) => TensorInfo,
): TensorInfo {
  const [n = 0, q = 0, p = 0, depth = 0] = x.shape;
  const c = depth / (s * s);
  const split = keep(runWasmKernel('Reshape', backend, { x }, { shape: [n, q, p, s, s, c] }));
  const moved = keep(runWasmKernel('Transpose', backend, { x: split }, { perm: [0, 1, 3, 2, 4, 5] }));
  return runWasmKernel('Reshape', backend, { x: moved }, { shape: [n, q * s, p * s, c] });
}

/**
 * Replaces wasm's `Conv2DBackpropInput` with the XNNPACK formulation above, keeping the native kernel for
 * NCHW and unequal strides. Only the wasm backend is touched. Idempotent.
 */
export function installFastWasmConv2dBackpropInput(): void {
  wrapWasmKernel('Conv2DBackpropInput', makeConv2dBackpropInput);
}
