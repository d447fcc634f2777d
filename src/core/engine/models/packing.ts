import * as tf from '@tensorflow/tfjs-core';

function packCount(n: number, m: number): number {
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`packing must be a positive integer, got ${m}`);
  if (n % m !== 0) throw new RangeError(`a batch of ${n} cannot be split into packs of ${m}`);
  return n / m;
}

/**
 * PacGAN (Lin et al. 2018): D judges m samples jointly. Consecutive samples i·m … i·m + m − 1 form
 * pack i, concatenated on the last axis: images [N, H, W, C] → [N/m, H, W, m·C] (sample j of a pack
 * in channels j·C … j·C + C − 1), points [N, d] → [N/m, m·d]. m = 1 returns x itself.
 */
export function packForDiscriminator(x: tf.Tensor, m: number): tf.Tensor {
  const [n = 0, ...sample] = x.shape;
  const packs = packCount(n, m);
  if (m === 1) return x;
  return tf.tidy(() => {
    if (sample.length === 1) return tf.reshape(x, [packs, m * (sample[0] ?? 0)]);
    if (sample.length !== 3) throw new RangeError(`cannot pack a tensor of rank ${x.rank}`);
    const [h = 0, w = 0, c = 0] = sample;
    const grouped = tf.reshape(x, [packs, m, h, w, c]);
    return tf.reshape(tf.transpose(grouped, [0, 2, 3, 1, 4]), [packs, h, w, m * c]);
  });
}

/**
 * The labels a packed conditional D sees: each pack takes its first sample's label ([N] or [N, 1] →
 * [N/m]). The training loop should therefore draw packs of one class (e.g. repeat each fake label m
 * times) or accept that D judges a pack by its first member's class. m = 1 returns labels as [N].
 */
export function packLabels(labels: tf.Tensor, m: number): tf.Tensor {
  const n = labels.shape[0] ?? 0;
  const packs = packCount(n, m);
  return tf.tidy(() => {
    const flat = tf.reshape(labels, [n]);
    if (m === 1) return flat;
    return tf.reshape(tf.slice(tf.reshape(flat, [packs, m]), [0, 0], [packs, 1]), [packs]);
  });
}
