/**
 * Statistics of two sets of feature vectors (rows of `dim` values), in plain arrays so they can be
 * checked by hand and never depend on a backend.
 */

/** k(x, y) = (xᵀy / d + 1)³, the kernel of KID (Bińkowski et al., 2018, "Demystifying MMD GANs"). */
function polynomialKernel(x: Float32Array, i: number, y: Float32Array, j: number, dim: number): number {
  let dot = 0;
  const a = i * dim;
  const b = j * dim;
  for (let k = 0; k < dim; k++) dot += x[a + k]! * y[b + k]!;
  return (dot / dim + 1) ** 3;
}

function rows(x: Float32Array, dim: number): number {
  if (dim < 1 || x.length % dim !== 0) throw new RangeError(`${x.length} values are not rows of ${dim}`);
  return x.length / dim;
}

/** The mean of k over distinct pairs of rows of one set: the within-set term of MMD², reusable for a fixed set. */
export function meanPairKernel(x: Float32Array, dim: number): number {
  const m = rows(x, dim);
  if (m < 2) throw new RangeError('the kernel distance needs at least two samples in each set');
  let sum = 0;
  for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) sum += polynomialKernel(x, i, x, j, dim);
  return (2 * sum) / (m * (m - 1));
}

/**
 * The unbiased estimate of MMD² between the distributions behind `x` and `y` with KID's cubic kernel:
 * mean k(x, x') over distinct pairs + mean k(y, y') over distinct pairs − 2·mean k(x, y). Zero in
 * expectation when both come from one distribution (so a single estimate can be slightly negative);
 * larger the further apart they are. Needs at least two rows in each set. `yPairMean` is
 * meanPairKernel(y), when it is already known (a fixed reference set scored against many snapshots).
 */
export function kernelDistance(x: Float32Array, y: Float32Array, dim: number, yPairMean?: number): number {
  const m = rows(x, dim);
  const n = rows(y, dim);
  if (m < 2 || n < 2) throw new RangeError('the kernel distance needs at least two samples in each set');
  let xy = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) xy += polynomialKernel(x, i, y, j, dim);
  return meanPairKernel(x, dim) + (yPairMean ?? meanPairKernel(y, dim)) - (2 * xy) / (m * n);
}

/** Mean Euclidean distance over distinct pairs of rows: how spread out a set is (0: all the same). */
export function meanPairwiseDistance(x: Float32Array, dim: number): number {
  const m = rows(x, dim);
  if (m < 2) return 0;
  let sum = 0;
  for (let i = 0; i < m; i++) {
    for (let j = i + 1; j < m; j++) {
      let d = 0;
      for (let k = 0; k < dim; k++) d += (x[i * dim + k]! - x[j * dim + k]!) ** 2;
      sum += Math.sqrt(d);
    }
  }
  return (2 * sum) / (m * (m - 1));
}

export interface Neighbour {
  /** Row of the base set. */
  readonly index: number;
  /** Euclidean distance. */
  readonly distance: number;
}

/** The `k` nearest rows of `base` to each row of `queries`, nearest first. */
export function nearestRows(
  queries: Float32Array,
  base: Float32Array,
  dim: number,
  k: number,
): Neighbour[][] {
  const q = rows(queries, dim);
  const n = rows(base, dim);
  const keep = Math.min(k, n);
  const answer: Neighbour[][] = [];
  for (let i = 0; i < q; i++) {
    const best: Neighbour[] = [];
    for (let j = 0; j < n; j++) {
      let d = 0;
      for (let t = 0; t < dim; t++) d += (queries[i * dim + t]! - base[j * dim + t]!) ** 2;
      if (best.length === keep && d >= best[keep - 1]!.distance) continue;
      let at = best.length;
      while (at > 0 && best[at - 1]!.distance > d) at--;
      best.splice(at, 0, { index: j, distance: d });
      if (best.length > keep) best.pop();
    }
    answer.push(best.map((b) => ({ index: b.index, distance: Math.sqrt(b.distance) })));
  }
  return answer;
}
