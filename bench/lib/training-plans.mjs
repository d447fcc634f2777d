/**
 * How long each training measurement runs: warm-up steps (not timed), timed steps, a cap on the
 * child's whole life (it is killed then, and what it measured so far still counts), and how many
 * alternating studio / minimal pairs the engine overhead takes the median of. Full plans take
 * about 10 minutes in all on a 2-core machine (a DCGAN 64 step on wasm takes ~15–25 s there); quick
 * plans are a smoke test of every path whose figures are not representative.
 */
const FAST = {
  // tensorflow (tfjs-node-gpu) and wasm.
  full: {
    mlp: { warmup: 10, steps: 300, capSeconds: 180, overheadPairs: 3 },
    dcgan32: { warmup: 3, steps: 10, capSeconds: 240, overheadPairs: 3 },
    dcgan64: { warmup: 3, steps: 4, capSeconds: 300, overheadPairs: 2 },
  },
  quick: {
    mlp: { warmup: 2, steps: 8, capSeconds: 60, overheadPairs: 1 },
    dcgan32: { warmup: 1, steps: 1, capSeconds: 60, overheadPairs: 1 },
    dcgan64: { warmup: 0, steps: 1, capSeconds: 90, overheadPairs: 1 },
  },
};

/**
 * tfjs's cpu backend: an MLP step takes ~1 s here, and a DCGAN 32 step minutes (none finished in
 * 200 s), so the convolutional networks get steps without warm-up under a short cap — a figure on a
 * fast machine, an upper bound here — and no overhead comparison (`steadyState: false`).
 */
const CPU = {
  full: {
    mlp: { warmup: 3, steps: 20, capSeconds: 120, overheadPairs: 3 },
    dcgan32: { warmup: 0, steps: 2, capSeconds: 60, steadyState: false },
    dcgan64: { warmup: 0, steps: 2, capSeconds: 60, steadyState: false },
  },
  quick: {
    mlp: { warmup: 2, steps: 4, capSeconds: 60 },
    dcgan32: { warmup: 0, steps: 1, capSeconds: 15, steadyState: false },
    dcgan64: { warmup: 0, steps: 1, capSeconds: 15, steadyState: false },
  },
};

/**
 * PyTorch (2 threads, OpenBLAS) is 5–15× faster than wasm on an idle machine, so more steps; on a busy
 * one its threads wait on each other and it can be slower than wasm, hence the caps.
 */
const REFERENCE = {
  full: {
    mlp: { warmup: 10, steps: 300, capSeconds: 180 },
    dcgan32: { warmup: 3, steps: 20, capSeconds: 240 },
    dcgan64: { warmup: 3, steps: 10, capSeconds: 300 },
  },
  quick: {
    mlp: { warmup: 3, steps: 20, capSeconds: 60 },
    dcgan32: { warmup: 1, steps: 3, capSeconds: 60 },
    dcgan64: { warmup: 1, steps: 2, capSeconds: 90 },
  },
};

export function planFor(networkId, backend, quick) {
  const plans = backend === 'cpu' ? CPU : FAST;
  return { steadyState: true, overheadPairs: 1, ...plans[quick ? 'quick' : 'full'][networkId] };
}

export function referencePlanFor(networkId, quick) {
  return REFERENCE[quick ? 'quick' : 'full'][networkId];
}
