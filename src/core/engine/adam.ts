import * as tf from '@tensorflow/tfjs-core';

/** tfjs's { name, tensor } pair (not exported from the package root). */
type NamedTensor = Awaited<ReturnType<tf.Optimizer['getWeights']>>[number];

interface Moments {
  readonly m: tf.Variable;
  readonly v: tf.Variable;
}

/**
 * Adam (Kingma & Ba, 2015), at step t = 1, 2, … for each weight θ with gradient g:
 *   m ← β₁m + (1 − β₁)g,  v ← β₂v + (1 − β₂)g²,  θ ← θ − lr · (m / (1 − β₁ᵗ)) / (√(v / (1 − β₂ᵗ)) + ε).
 *
 * The same update as tfjs's AdamOptimizer, but with the bias corrections 1 − βᵗ computed from the step
 * count. tfjs keeps βᵗ as a float32 running product that its getWeights() does not save and its
 * setWeights() recomputes as pow(β, t), which differs in the last bits after a few steps (0.9¹⁶ does),
 * so a resumed run drifted from the uninterrupted one. Here the whole state is (t, m, v), saved in the
 * order tfjs saves its Adam (iter, every m, every v), so checkpoints keep their layout.
 */
export class ResumableAdam extends tf.Optimizer {
  static get className(): string {
    return 'ResumableAdam';
  }

  private moments: Moments[] = [];
  private names: string[] = [];

  constructor(
    /** Read at every update, so a learning-rate schedule may set it between steps. */
    public learningRate: number,
    private readonly beta1: number,
    private readonly beta2: number,
    private readonly epsilon: number = tf.backend().epsilon(),
  ) {
    super();
  }

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const entries = Array.isArray(variableGradients)
      ? variableGradients.map((g) => [g.name, g.tensor] as const)
      : Object.entries(variableGradients);
    const t = this.iterations + 1;
    // In float64, then rounded once: a function of t alone.
    const correction1 = 1 - this.beta1 ** t;
    const correction2 = 1 - this.beta2 ** t;
    const registered = tf.engine().registeredVariables;
    tf.tidy(() => {
      entries.forEach(([name, gradient], i) => {
        const value = registered[name];
        if (!value) throw new Error(`Adam was given a gradient for ${name}, which is no variable`);
        const slot = (this.moments[i] ??= this.createMoments(name, value));
        const m = tf.add(tf.mul(slot.m, this.beta1), tf.mul(gradient, 1 - this.beta1));
        const v = tf.add(tf.mul(slot.v, this.beta2), tf.mul(tf.square(gradient), 1 - this.beta2));
        slot.m.assign(m);
        slot.v.assign(v);
        const step = tf.div(tf.div(m, correction1), tf.add(tf.sqrt(tf.div(v, correction2)), this.epsilon));
        value.assign(tf.add(tf.mul(step, -this.learningRate), value));
      });
    });
    this.incrementIterations();
  }

  private createMoments(name: string, value: tf.Variable): Moments {
    this.names.push(name);
    return tf.tidy(() => ({
      m: tf.zerosLike(value).variable(false),
      v: tf.zerosLike(value).variable(false),
    }));
  }

  override async getWeights(): Promise<NamedTensor[]> {
    return [
      await this.saveIterations(),
      ...this.moments.map((s, i) => ({ name: `${this.names[i]}/m`, tensor: s.m })),
      ...this.moments.map((s, i) => ({ name: `${this.names[i]}/v`, tensor: s.v })),
    ];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    if (rest.length % 2 !== 0) throw new Error('Adam state needs as many second moments as first moments');
    const count = rest.length / 2;
    this.disposeMoments();
    this.moments = rest.slice(0, count).map((first, i) => ({
      m: first.tensor.variable(false),
      v: rest[count + i]!.tensor.variable(false),
    }));
    this.names = rest.slice(0, count).map((first) => first.name.replace(/\/m$/, ''));
  }

  private disposeMoments(): void {
    tf.dispose(this.moments.flatMap((s) => [s.m, s.v]));
    this.moments = [];
    this.names = [];
  }

  override dispose(): void {
    this.disposeMoments();
  }

  getConfig(): tf.serialization.ConfigDict {
    const { learningRate, beta1, beta2, epsilon } = this;
    return { learningRate, beta1, beta2, epsilon };
  }
}
