import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
// Registers tfjs's gradients (tfjs-core alone does not).
import '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { ResumableAdam } from './adam';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

/** A small quadratic bowl in two variables, so every step has a non-trivial gradient. */
function problem(): { vars: tf.Variable[]; loss: () => tf.Scalar; values: () => number[][] } {
  const a = tf.variable(tf.tensor1d([1, -2, 0.5]));
  const b = tf.variable(tf.tensor2d([[0.3, -0.7]]));
  const loss = (): tf.Scalar =>
    tf.add(tf.sum(tf.square(tf.sub(a, tf.tensor1d([0.1, 0.2, 0.3])))), tf.sum(tf.mul(b, b))) as tf.Scalar;
  return { vars: [a, b], loss, values: () => [Array.from(a.dataSync()), Array.from(b.dataSync())] };
}

function run(optimizer: tf.Optimizer, p: ReturnType<typeof problem>, steps: number): void {
  for (let i = 0; i < steps; i++) {
    tf.tidy(() => optimizer.applyGradients(tf.variableGrads(p.loss, p.vars).grads));
  }
}

describe('ResumableAdam', () => {
  it('takes the steps tfjs’s Adam takes', () => {
    const [ours, theirs] = [problem(), problem()];
    const [adam, reference] = [new ResumableAdam(0.05, 0.5, 0.9), tf.train.adam(0.05, 0.5, 0.9)];
    run(adam, ours, 20);
    run(reference, theirs, 20);
    ours
      .values()
      .flat()
      .forEach((v, i) => expect(v).toBeCloseTo(theirs.values().flat()[i]!, 5));
    tf.dispose([...ours.vars, ...theirs.vars]);
    adam.dispose();
    reference.dispose();
  });

  it('continues bit for bit from its saved weights, in tfjs’s layout', async () => {
    const [straight, resumed] = [problem(), problem()];
    const first = new ResumableAdam(0.05, 0, 0.9);
    run(first, straight, 17);
    const saved = (await first.getWeights()).map(({ name, tensor }) => ({ name, tensor: tf.clone(tensor) }));
    expect(saved.map((s) => s.name)).toEqual([
      'iter',
      `${straight.vars[0]!.name}/m`,
      `${straight.vars[1]!.name}/m`,
      `${straight.vars[0]!.name}/v`,
      `${straight.vars[1]!.name}/v`,
    ]);
    straight.vars.forEach((v, i) => resumed.vars[i]!.assign(v));
    run(first, straight, 13);

    const second = new ResumableAdam(0.05, 0, 0.9);
    await second.setWeights(saved);
    tf.dispose(saved.map((s) => s.tensor));
    expect(second.iterations).toBe(17);
    run(second, resumed, 13);
    expect(resumed.values()).toEqual(straight.values());
    tf.dispose([...straight.vars, ...resumed.vars]);
    first.dispose();
    second.dispose();
  });

  it('keeps tf.memory().numTensors flat across steps, and frees its moments on dispose', () => {
    const p = problem();
    const before = tf.memory().numTensors;
    const adam = new ResumableAdam(0.01, 0.5, 0.999);
    run(adam, p, 1);
    const afterWarmUp = tf.memory().numTensors;
    expect(afterWarmUp).toBe(before + 4); // m and v for each of the two variables
    run(adam, p, 5);
    expect(tf.memory().numTensors).toBe(afterWarmUp);
    adam.dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(p.vars);
  });
});
