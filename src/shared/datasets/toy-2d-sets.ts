/**
 * The built-in 2-D datasets (DESIGN.md): Gaussian mixtures whose modes are known, so mode coverage can
 * be measured exactly. Points are drawn by the engine (src/core/engine/data/toy-2d.ts); the definitions
 * live here so the UI can list them without importing engine code.
 */
export type ToyDatasetName = 'ring8' | 'grid25';

/** An equal-weight mixture of isotropic 2-D Gaussians: a built-in set, or one drawn in the playground. */
export interface PointMixture {
  readonly name: string;
  /** Mode centres (x, y); each mode has equal weight. */
  readonly modes: readonly (readonly [number, number])[];
  /** Standard deviation of each isotropic Gaussian mode. */
  readonly sigma: number;
}

export interface ToyDatasetInfo extends PointMixture {
  readonly name: ToyDatasetName;
  readonly title: string;
  readonly description: string;
}

/** 8 centres evenly on the unit circle: (cos 2πk/8, sin 2πk/8), k = 0…7. */
const RING8_MODES = Array.from({ length: 8 }, (_, k) => {
  const angle = (2 * Math.PI * k) / 8;
  return [Math.cos(angle), Math.sin(angle)] as const;
});

/** 25 centres on {−4, −2, 0, 2, 4}². */
const GRID25_MODES = [-4, -2, 0, 2, 4].flatMap((x) => [-4, -2, 0, 2, 4].map((y) => [x, y] as const));

export const TOY_DATASETS: Readonly<Record<ToyDatasetName, ToyDatasetInfo>> = {
  ring8: {
    name: 'ring8',
    title: 'Ring of 8 Gaussians',
    description: '8 Gaussian modes evenly spaced on a circle of radius 1, σ = 0.01.',
    modes: RING8_MODES,
    sigma: 0.01,
  },
  grid25: {
    name: 'grid25',
    title: 'Grid of 25 Gaussians',
    description: '25 Gaussian modes on the grid {−4, −2, 0, 2, 4}², σ = 0.05.',
    modes: GRID25_MODES,
    sigma: 0.05,
  },
};

export function isToyDatasetName(name: string): name is ToyDatasetName {
  return Object.hasOwn(TOY_DATASETS, name);
}

/** How many modes a run's data has: the built-in 2-D sets know theirs; images and other data have none. */
export function modeCountOf(dataset: { readonly kind: string; readonly id: string }): number | null {
  return dataset.kind === 'builtin-points' && isToyDatasetName(dataset.id)
    ? TOY_DATASETS[dataset.id].modes.length
    : null;
}
