import type { DatasetSummary } from '@shared/api';
import { TOY_DATASETS } from '@shared/datasets/toy-2d-sets';
import { validateArchitecture } from '@shared/engine/architecture';
import {
  RECIPES,
  RECIPE_NAMES,
  buildTrainingConfig,
  factsOfDataset,
  factsOfPointSet,
  type DatasetFacts,
  type RecipeName,
} from '@shared/engine/recipes';
import { TrainingConfig } from '@shared/engine/training-config';
import { computed, ref, shallowRef, watch, type Ref } from 'vue';

/** A dataset the new-run form offers: `packed:<id>` for imports, `points:<name>` for 2-D sets. */
export interface DatasetChoice {
  readonly key: string;
  readonly label: string;
  readonly facts: DatasetFacts;
}

export function datasetChoices(datasets: readonly DatasetSummary[]): DatasetChoice[] {
  const imported = datasets
    .filter((dataset) => dataset.status === 'ready')
    .map((dataset) => ({
      key: `packed:${dataset.id}`,
      label: `${dataset.name} — ${dataset.imageCount} images, ${dataset.width}×${dataset.height}`,
      facts: factsOfDataset(dataset),
    }));
  const points = Object.values(TOY_DATASETS).map((set) => ({
    key: `points:${set.name}`,
    label: `${set.name} — ${set.title} (2-D)`,
    facts: factsOfPointSet(set.name),
  }));
  return [...imported, ...points];
}

/** The recipes that fit a dataset: 2-D points train with the MLP only; conditional needs classes. */
export function recipesFor(facts: DatasetFacts | null): RecipeName[] {
  if (!facts) return [];
  if (facts.kind === 'builtin-points') return ['mlp'];
  return RECIPE_NAMES.filter((name) => name !== 'cdcgan' || facts.numClasses > 1);
}

function defaultRecipe(facts: DatasetFacts): RecipeName {
  if (facts.kind === 'builtin-points') return 'mlp';
  return facts.numClasses > 1 ? 'cdcgan' : 'dcgan';
}

/** `optimizerG.learningRate` → the first message zod gives for that field. */
export type FieldErrors = Readonly<Record<string, string>>;

/**
 * The config of a run being set up: rebuilt from the recipe when the dataset or recipe changes, then
 * edited field by field. `report` (the architecture validator) and `fieldErrors` (the config schema)
 * follow every edit, so the form shows problems where they are and Start stays off until there are none.
 */
export function useRunDraft(choices: Ref<readonly DatasetChoice[]>, initialKey: string | null) {
  const datasetKey = ref<string | null>(initialKey);
  const recipe = ref<RecipeName>('dcgan');
  const config = shallowRef<TrainingConfig | null>(null);
  const buildError = ref<string | null>(null);

  const choice = computed(() => choices.value.find((c) => c.key === datasetKey.value) ?? null);
  const recipes = computed(() => recipesFor(choice.value?.facts ?? null));

  function rebuild(): void {
    const facts = choice.value?.facts;
    if (!facts) {
      config.value = null;
      return;
    }
    try {
      const { preset, objective } = RECIPES[recipe.value];
      config.value = buildTrainingConfig(facts, { preset, objective });
      buildError.value = null;
    } catch (error) {
      config.value = null;
      buildError.value = error instanceof Error ? error.message : String(error);
    }
  }

  // A new dataset picks its natural recipe (conditional for labelled data, the MLP for points); both
  // changes start from the recipe's defaults again.
  watch(
    () => choice.value?.key,
    () => {
      const facts = choice.value?.facts;
      if (facts) recipe.value = defaultRecipe(facts);
      rebuild();
    },
    { immediate: true },
  );
  watch(recipe, rebuild);

  const report = computed(() => (config.value ? validateArchitecture(config.value.architecture) : null));

  const fieldErrors = computed<FieldErrors>(() => {
    if (!config.value) return {};
    const parsed = TrainingConfig.safeParse(config.value);
    if (parsed.success) return {};
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      errors[path] ??= issue.message;
    }
    return errors;
  });

  const canStart = computed(
    () => config.value !== null && report.value?.ok === true && Object.keys(fieldErrors.value).length === 0,
  );

  /** Replaces part of the config (the form binds through this, never mutating the object in place). */
  function edit(patch: Partial<TrainingConfig>): void {
    if (config.value) config.value = { ...config.value, ...patch };
  }

  return {
    datasetKey,
    recipe,
    recipes,
    choice,
    config,
    buildError,
    report,
    fieldErrors,
    canStart,
    edit,
    rebuild,
  };
}
