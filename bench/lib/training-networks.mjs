/**
 * The networks the training benchmark measures, as the studio's recipes build them (the PyTorch
 * reference in bench/reference/gan_reference.py mirrors each one layer by layer, under the same id).
 * `facts` (or factsOfPointSet(`pointSet`)) and `options` go to buildTrainingConfig
 * (src/shared/engine/recipes.ts).
 */
const dcgan = (side) => ({
  id: `dcgan${side}`,
  label: `DCGAN ${side}×${side} (ngf = ndf = 64)`,
  batchSize: 64,
  image: { side, channels: 3 },
  pointSet: null,
  facts: {
    kind: 'packed',
    id: `bench-random-${side}`,
    name: `random ${side}px`,
    height: side,
    width: side,
    channels: 3,
    numClasses: 0,
  },
  options: { preset: 'dcgan', objective: 'nonsaturating', batchSize: 64 },
});

export const NETWORKS = [
  dcgan(32),
  dcgan(64),
  {
    id: 'mlp',
    label: '2-D MLP (ring8 recipe: 3×256, 2 noise dimensions)',
    batchSize: 128,
    image: null,
    // The child turns this into factsOfPointSet('ring8'): the recipe's own defaults for 2-D points.
    pointSet: 'ring8',
    options: { batchSize: 128 },
  },
];

export function networkById(id) {
  const network = NETWORKS.find((n) => n.id === id);
  if (!network) throw new Error(`unknown network ${id}; one of ${NETWORKS.map((n) => n.id).join(', ')}`);
  return network;
}

/**
 * The studio's config for `network` (`recipes` is the bundled src/shared/engine/recipes.ts), `steps`
 * long. Samples and checkpoints keep the cadence of a default-length run: train() reads its metrics
 * back at each of them, so a short run's denser cadence would add read-backs a real run does not have.
 */
export function buildNetworkConfig(recipes, network, { steps, backend = 'auto' }) {
  const facts = network.pointSet ? recipes.factsOfPointSet(network.pointSet) : network.facts;
  const { sampleEvery, checkpointEvery } = recipes.buildTrainingConfig(facts, network.options);
  return recipes.buildTrainingConfig(facts, {
    ...network.options,
    steps,
    backend,
    sampleEvery,
    checkpointEvery,
  });
}
