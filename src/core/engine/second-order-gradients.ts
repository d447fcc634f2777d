import * as tf from '@tensorflow/tfjs-core';

/**
 * WGAN-GP differentiates a gradient: its penalty (‖∇ₓ D(x̂)‖ − 1)² is trained through D's weights. tfjs's
 * LeakyReLU gradient is `where(x > 0, dy, α·dy)`, and tfjs registers no gradient for `Greater`, so the
 * second derivative of every preset critic (all use LeakyReLU) fails with "gradient function not found
 * for Greater". A comparison is piecewise constant: its derivative is 0 wherever it exists, as tfjs
 * already says for GreaterEqual. Registered once, globally, only when tfjs has none.
 */
export function registerSecondOrderGradients(): void {
  if (tf.getGradient(tf.Greater) !== undefined) return;
  tf.registerGradient({
    kernelName: tf.Greater,
    inputsToSave: ['a', 'b'],
    gradFunc: (_dy, saved) => {
      const [a, b] = saved as [tf.Tensor, tf.Tensor];
      return { a: () => tf.zerosLike(a), b: () => tf.zerosLike(b) };
    },
  });
}
