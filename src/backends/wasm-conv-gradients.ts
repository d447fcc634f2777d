import * as tf from '@tensorflow/tfjs-core';
import type {
  Conv2DBackpropFilterAttrs,
  GradConfig,
  KernelBackend,
  KernelFunc,
  Tensor,
  Tensor4D,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { runWasmKernel, withIntermediates } from './run-wasm-kernel';
import { installFastWasmConv2dBackpropInput } from './wasm-conv-backprop-input';

/**
 * tfjs-backend-wasm 4.x has no `Conv2DBackpropFilter` kernel, so the weight gradient of every Conv2D and
 * Conv2DTranspose (whose forward op is `Conv2DBackpropInput`) throws "Kernel 'Conv2DBackpropFilter' not
 * registered for backend 'wasm'".
 *
 * Why a kernel and not re-registered `Conv2D` / `Conv2DBackpropInput` gradients: tfjs-layers' Conv2D layer
 * runs `tf.fused.conv2d`, whose gradient is a private closure that calls `Conv2DBackpropFilter` directly
 * whenever the activation is linear (the usual case: Conv2D, then a LeakyReLU or BatchNorm layer), so a
 * re-registered `Conv2D` gradient is never consulted there. Registering the missing kernel for the wasm
 * backend fixes every path at once (registered gradients, fused convolutions, custom gradients) and, being
 * registered under `backendName: 'wasm'`, cannot change what cpu or tensorflow compute.
 */
const BACKPROP_FILTER = 'Conv2DBackpropFilter';

/**
 * The weight gradient of y = conv2d(x, W, stride s, padding p), NHWC, dilation 1:
 *
 *   dL/dW[kh,kw,ci,co] = Σ_{n,i,j} x_pad[n, i·s_h+kh, j·s_w+kw, ci] · dy[n,i,j,co]
 *
 * Read ci as the batch, (kh,kw) as the output position, n as the input channel and (i,j) as the filter
 * tap: that is a stride-1 conv2d of xᵀ = x transposed to [ci, h, w, n] with dyᵀ = dy transposed to
 * [i, j, n, co] as filter, dilated by s (tap (i,j) reads row kh + i·s_h), with the forward's top/left
 * padding. Its output is [ci, kh, kw, co]; transposing back gives [kh, kw, ci, co]. The bottom/right
 * padding is exactly what the forward's last window read past the input, (Ho−1)·s + K − top − H (TF's
 * 'same' puts the odd extra row there, e.g. kernel 4 stride 2 on an odd size), so the output is K×K; when
 * the forward never reached the last rows ('valid' with a remainder) that is negative, no padding is added
 * and the extra rows are sliced off.
 */
function conv2dBackpropFilter(params: Parameters<KernelFunc>[0]): TensorInfo {
  const backend = params.backend as KernelBackend;
  const { x, dy } = params.inputs;
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    params.attrs as unknown as Conv2DBackpropFilterAttrs;
  if (!x || !dy) throw new Error(`${BACKPROP_FILTER} needs inputs x and dy.`);
  if (dataFormat !== 'NHWC') throw new Error(`${BACKPROP_FILTER} on wasm supports NHWC only.`);

  const xShape = x.shape as [number, number, number, number];
  const info = tf.backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
    false,
    'channelsLast',
  );
  const [kh, kw, ci, co] = filterShape;
  const { outHeight: ho, outWidth: wo, strideHeight: sh, strideWidth: sw } = info;
  const { top, left } = info.padInfo;
  const bottom = Math.max(0, (ho - 1) * sh + kh - top - info.inHeight);
  const right = Math.max(0, (wo - 1) * sw + kw - left - info.inWidth);

  return withIntermediates(backend, (keep) => {
    const xT = keep(runWasmKernel('Transpose', backend, { x }, { perm: [3, 1, 2, 0] }));
    const dyT = keep(runWasmKernel('Transpose', backend, { x: dy }, { perm: [1, 2, 0, 3] }));
    const pads = [
      [0, 0],
      [top, bottom],
      [left, right],
      [0, 0],
    ];
    const convAttrs = { strides: [1, 1], pad: pads, dataFormat: 'NHWC', dilations: [sh, sw] };
    let window = keep(runWasmKernel('Conv2D', backend, { x: xT, filter: dyT }, convAttrs));
    if (window.shape[1] !== kh || window.shape[2] !== kw) {
      window = keep(
        runWasmKernel('Slice', backend, { x: window }, { begin: [0, 0, 0, 0], size: [ci, kh, kw, co] }),
      );
    }
    return runWasmKernel('Transpose', backend, { x: window }, { perm: [1, 2, 0, 3] });
  });
}

/**
 * tfjs-core registers no gradient for `Conv2DBackpropFilter` on any backend, so a filter gradient could not
 * be differentiated again (a penalty on ‖dL/dW‖, Hessian-vector products). F(x, dy) = dL/dW is bilinear
 * and ⟨F(x, dy), V⟩ = ⟨conv2d(x, V), dy⟩, hence
 *
 *   ∂⟨F, V⟩/∂dy = conv2d(x, V)      ∂⟨F, V⟩/∂x = conv2dTranspose(dy, V)   (= Conv2DBackpropInput)
 *
 * with the forward's strides and padding. Both are kernels wasm has, and both are differentiable again.
 * This only adds a gradient where there was none (cpu and tensorflow used to throw "gradient function not
 * found for Conv2DBackpropFilter"); it never replaces one.
 */
const backpropFilterGradient: GradConfig = {
  kernelName: BACKPROP_FILTER,
  inputsToSave: ['x', 'dy'],
  gradFunc: (ddw, saved, attrs) => {
    const [x, dy] = saved as [Tensor4D, Tensor4D];
    const { strides, pad, dataFormat, dimRoundingMode } = attrs as unknown as Conv2DBackpropFilterAttrs;
    if (dataFormat !== 'NHWC') throw new Error(`The gradient of ${BACKPROP_FILTER} supports NHWC only.`);
    const v = ddw as Tensor4D;
    return {
      x: (): Tensor => tf.conv2dTranspose(dy, v, x.shape, strides, pad, dimRoundingMode),
      dy: (): Tensor => tf.conv2d(x, v, strides, pad, 'NHWC', 1, dimRoundingMode),
    };
  },
};

/**
 * Makes convolutional training work on the wasm backend: registers the missing `Conv2DBackpropFilter`
 * kernel for wasm, and a gradient for it (all backends, where none exists) so second-order gradients work.
 * Idempotent, and leaves a native kernel alone should a later tfjs-backend-wasm ship one.
 */
export function installWasmConvGradients(): void {
  if (!tf.getKernel(BACKPROP_FILTER, 'wasm')) {
    tf.registerKernel({ kernelName: BACKPROP_FILTER, backendName: 'wasm', kernelFunc: conv2dBackpropFilter });
  }
  if (!tf.getGradient(BACKPROP_FILTER)) tf.registerGradient(backpropFilterGradient);
  installFastWasmConv2dBackpropInput();
}
