import * as tf from '@tensorflow/tfjs-core';

/**
 * The studio's own training path, as the trainer process runs it (src/trainer/run-training.ts): a
 * prefetching batch source, createTrainingParts, then one train() call over warm-up + timed steps. The
 * metrics are collected as the trainer collects them; samples and checkpoints are left out (no
 * onSample / onCheckpoint: their cost is file I/O, not throughput). train() reads its metrics back at
 * least every 250 ms and calls onProgress each time: those calls are the timing marks.
 */
export async function runStudioLoop({ bundle, config, network, emit }) {
  const dataset = network.image ? randomImageDataset(network.image, 256) : null;
  const source = bundle.data.withPrefetch(bundle['training-parts'].createBatchSource(config, dataset));
  const parts = bundle['training-parts'].createTrainingParts(config, source);
  const pending = [];
  try {
    // Trainable parameters, for the check that the PyTorch reference built the same networks.
    const count = (model) =>
      model.trainableWeights.reduce((n, w) => n + w.shape.reduce((a, b) => a * b, 1), 0);
    emit({ type: 'params', generator: count(parts.generator), discriminator: count(parts.discriminator) });
    emit({ type: 'start', t: performance.now(), tensors: tf.memory().numTensors });
    const outcome = await bundle.train.train(
      config,
      {
        setup: parts.setup,
        emaGenerator: parts.emaGenerator,
        source,
        noiseRng: parts.noiseRng,
        clock: Date.now,
        startStep: 0,
      },
      {
        onMetrics: (points) => pending.push(...points),
        onProgress: ({ step }) =>
          emit({ type: 'progress', step, t: performance.now(), tensors: tf.memory().numTensors }),
      },
    );
    emit({ type: 'done', outcome: outcome.status, metricPoints: pending.length });
  } finally {
    source.dispose();
    parts.dispose();
  }
}

/** An in-memory dataset of random pixels in the shape the trainer reads from a packed dataset. */
function randomImageDataset({ side, channels }, count) {
  const images = new Uint8Array(count * side * side * channels);
  let seed = 7;
  for (let i = 0; i < images.length; i++)
    images[i] = (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) >>> 24;
  return {
    manifest: { count, height: side, width: side, channels, classNames: [] },
    images,
    labels: null,
  };
}
