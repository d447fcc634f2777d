import { z } from 'zod';

/** The GAN objectives the studio trains with (formulas in src/core/engine/objectives.ts). */
export const OBJECTIVES = ['minimax', 'nonsaturating', 'lsgan', 'wgan-gp', 'hinge'] as const;
export const Objective = z.enum(OBJECTIVES);
export type Objective = z.infer<typeof Objective>;

/** Objectives whose discriminator outputs a probability (through a sigmoid); the others score. */
export const PROBABILITY_OBJECTIVES: readonly Objective[] = ['minimax', 'nonsaturating'];

export const AdamSettings = z
  .object({
    learningRate: z.number().positive().max(1),
    beta1: z.number().min(0).lt(1),
    beta2: z.number().min(0).lt(1),
  })
  .strict();
export type AdamSettings = z.infer<typeof AdamSettings>;

/** The defaults each objective is usually trained with (DCGAN; Gulrajani et al. for WGAN-GP). */
export function objectiveDefaults(objective: Objective): {
  optimizerG: AdamSettings;
  optimizerD: AdamSettings;
  nCritic: number;
  gradientPenalty: number;
} {
  if (objective === 'wgan-gp') {
    const adam = { learningRate: 1e-4, beta1: 0, beta2: 0.9 };
    return { optimizerG: adam, optimizerD: adam, nCritic: 5, gradientPenalty: 10 };
  }
  const adam = { learningRate: 2e-4, beta1: 0.5, beta2: 0.999 };
  return { optimizerG: adam, optimizerD: adam, nCritic: 1, gradientPenalty: 10 };
}

/** One sentence per objective, from the theory in DESIGN.md; the UI and the CLI help show them. */
export const OBJECTIVE_DESCRIPTIONS: Readonly<Record<Objective, string>> = {
  minimax:
    'The original game: D maximises log D(x) + log(1 − D(G(z))), a binary cross-entropy, and G minimises the same value. Early on D wins easily and log(1 − D(G(z))) saturates, so G barely learns.',
  nonsaturating:
    'D as in minimax, but G maximises log D(G(z)) instead: same fixed point, strong gradients when G is losing. The practical default.',
  lsgan:
    'Least squares: D regresses real to 1 and fake to 0, G pulls D(G(z)) towards 1. Penalises samples by their distance from the boundary, which keeps gradients alive.',
  'wgan-gp':
    'Wasserstein GAN with gradient penalty: D is a critic estimating the earth-mover distance, kept 1-Lipschitz by penalising gradient norms away from 1. Train D several times per G step.',
  hinge:
    'Hinge loss: D pushes real scores above 1 and fake below −1; G raises the score of its samples. Used by SAGAN and BigGAN with spectral normalisation.',
};
