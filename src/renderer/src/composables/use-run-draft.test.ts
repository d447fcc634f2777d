import type { DatasetSummary } from '@shared/api';
import { describe, expect, it } from 'vitest';
import { nextTick, ref } from 'vue';
import { datasetChoices, recipesFor, useRunDraft } from './use-run-draft';

const faces: DatasetSummary = {
  id: 'ds_faces',
  name: 'faces',
  status: 'ready',
  sourcePath: '/photos/faces',
  imageCount: 120,
  skippedCount: 0,
  width: 32,
  height: 32,
  channels: 3,
  classNames: ['happy', 'sad'],
  createdAt: '2026-11-30T00:00:00Z',
};

describe('the new-run draft', () => {
  it('offers ready imports and the 2-D sets, not datasets still importing', () => {
    const keys = datasetChoices([faces, { ...faces, id: 'ds_busy', status: 'importing' }]).map((c) => c.key);
    expect(keys).toEqual(['packed:ds_faces', 'points:ring8', 'points:grid25']);
  });

  it('offers the MLP only for points, and the conditional recipe only with classes', () => {
    const [images, ring8] = datasetChoices([faces]);
    expect(recipesFor(ring8!.facts)).toEqual(['mlp']);
    expect(recipesFor(images!.facts)).toContain('cdcgan');
    expect(recipesFor({ ...images!.facts, numClasses: 0 })).not.toContain('cdcgan');
  });

  it('starts from the dataset’s natural recipe, reports invalid edits per field, and rebuilds on a new recipe', async () => {
    const draft = useRunDraft(ref(datasetChoices([faces])), 'packed:ds_faces');
    expect(draft.recipe.value).toBe('cdcgan');
    expect(draft.canStart.value).toBe(true);

    draft.edit({ batchSize: 1 });
    expect(draft.fieldErrors.value.batchSize).toBeDefined();
    expect(draft.canStart.value).toBe(false);

    draft.recipe.value = 'wgan-gp';
    await nextTick();
    expect(draft.config.value?.objective).toBe('wgan-gp');
    expect(draft.config.value?.nCritic).toBe(5);
    expect(draft.canStart.value).toBe(true);
  });

  it('says why a dataset does not fit, instead of building a config', async () => {
    const odd = { ...faces, id: 'ds_odd', width: 48, height: 48, classNames: [] };
    const draft = useRunDraft(ref(datasetChoices([odd])), 'packed:ds_odd');
    await nextTick();
    expect(draft.config.value).toBeNull();
    expect(draft.buildError.value).toMatch(/48×48/);
  });
});
