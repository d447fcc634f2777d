import * as tf from '@tensorflow/tfjs-core';
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';

/**
 * Comparisons and logical ops are piecewise constant, so their gradient is zero (almost everywhere), but
 * tfjs-core registers one only for `GreaterEqual`. First-order training never notices; a second-order
 * gradient does: LeakyReLU's gradient is `where(greater(x, 0), dy, α·dy)`, and differentiating it again
 * (WGAN-GP's gradient penalty, on any backend) throws "Cannot compute gradient: gradient function not
 * found for Greater". Likewise `Less` (maximum/minimum) and `LessEqual`/`LogicalAnd` (clipByValue).
 */
const ZERO_GRADIENT_KERNELS: readonly (readonly [kernelName: string, inputNames: readonly string[]])[] = [
  ['Greater', ['a', 'b']],
  ['Less', ['a', 'b']],
  ['LessEqual', ['a', 'b']],
  ['Equal', ['a', 'b']],
  ['NotEqual', ['a', 'b']],
  ['LogicalAnd', ['a', 'b']],
  ['LogicalOr', ['a', 'b']],
  ['LogicalXor', ['a', 'b']],
  ['LogicalNot', ['x']],
];

function zeroGradient(kernelName: string, inputNames: readonly string[]): GradConfig {
  return {
    kernelName,
    inputsToSave: [...inputNames],
    // ∂(comparison)/∂input = 0; the tape demands a float32 gradient of the input's shape, even for bools.
    gradFunc: (_dy, saved) => {
      const grads: Record<string, () => Tensor> = {};
      inputNames.forEach((name, i) => {
        const input: Tensor | undefined = saved[i];
        if (input) grads[name] = () => tf.zeros(input.shape, 'float32');
      });
      return grads;
    },
  };
}

/**
 * Registers zero gradients for comparison and logical kernels that have none. Backend-independent; it only
 * replaces a "gradient function not found" error with the exact (zero) gradient, never an existing one.
 * Idempotent.
 */
export function installComparisonGradients(): void {
  for (const [kernelName, inputNames] of ZERO_GRADIENT_KERNELS) {
    if (!tf.getGradient(kernelName)) tf.registerGradient(zeroGradient(kernelName, inputNames));
  }
}
