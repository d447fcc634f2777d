/**
 * Steady-state throughput from a training child's marks (bench/lib/training-child.mjs and
 * bench/reference/gan_reference.py print the same `start` / `progress` {step, t} lines): images per
 * second between the first mark at or after the warm-up and the last mark. With no warm-up the first
 * step counts from `start` (so it includes one-off costs: the result says `warm: false`).
 *
 * A capped child that finished no timed step gives only an upper bound: batchSize divided by the time
 * its unfinished step had been running when it was killed.
 */
export function throughputOf(result, { warmup, batchSize }) {
  const start = result.messages.find((m) => m.type === 'start');
  const marks = result.messages.filter((m) => m.type === 'progress');
  const from =
    warmup === 0 ? (start ? { ...start, step: 0 } : undefined) : marks.find((m) => m.step >= warmup);
  const to = marks.at(-1);
  if (from && to && to.step > from.step) {
    const seconds = (to.t - from.t) / 1000;
    const steps = to.step - from.step;
    return {
      imagesPerSecond: (steps * batchSize) / seconds,
      upperBound: null,
      stepsTimed: steps,
      secondsTimed: seconds,
      warm: warmup > 0,
      capped: result.capped,
      // Tensors alive at the last mark minus at the first mark after warm-up: 0 unless steps leak.
      tensorGrowth:
        warmup > 0 && to.tensors !== undefined && from.tensors !== undefined
          ? to.tensors - from.tensors
          : null,
    };
  }
  const lastSeen = (to ?? start)?.receivedAt;
  const running = lastSeen === undefined ? null : (result.endedAt - lastSeen) / 1000;
  return {
    imagesPerSecond: null,
    upperBound: result.capped && running ? batchSize / running : null,
    stepsTimed: 0,
    secondsTimed: 0,
    warm: false,
    capped: result.capped,
    tensorGrowth: null,
  };
}
