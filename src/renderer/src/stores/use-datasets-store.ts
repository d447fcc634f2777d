import type { DatasetSummary, MethodOutput } from '@shared/api';
import { defineStore } from 'pinia';
import { onScopeDispose, shallowRef } from 'vue';
import { studio } from '@renderer/api';
import { settle, useResource } from './request';
import { useToastsStore } from './use-toasts-store';

export type DatasetDetail = MethodOutput<'datasets.get'>;

export const useDatasetsStore = defineStore('datasets', () => {
  const toasts = useToastsStore();
  const list = useResource<DatasetSummary[]>(() => studio.datasets.list(), []);
  /** Details (previews, skipped files) fetched per dataset, replaced whole. */
  const details = shallowRef<Readonly<Record<string, DatasetDetail>>>({});

  async function loadDetail(id: string): Promise<DatasetDetail | null> {
    const result = await settle(() => studio.datasets.get({ id }));
    if (!result.ok) {
      toasts.push(result.error.message);
      return null;
    }
    details.value = { ...details.value, [id]: result.value };
    return result.value;
  }

  async function remove(id: string): Promise<boolean> {
    const name = list.data.value.find((dataset) => dataset.id === id)?.name ?? 'The dataset';
    const result = await settle(() => studio.datasets.delete({ id }));
    if (!result.ok) {
      toasts.push(result.error.message);
      return false;
    }
    forget(id);
    toasts.push(`${name} was deleted.`, 'success');
    return true;
  }

  function forget(id: string): void {
    list.data.value = list.data.value.filter((dataset) => dataset.id !== id);
    const rest = { ...details.value };
    delete rest[id];
    details.value = rest;
  }

  // Imported or deleted in another window or browser tab (this window's own imports reload the list too).
  const stopLibrary = studio.on('library.changed', (event) => {
    if (event.kind !== 'dataset') return;
    if (event.change === 'deleted') forget(event.id);
    else if (list.loaded.value && !list.data.value.some((dataset) => dataset.id === event.id))
      void list.load();
  });
  onScopeDispose(stopLibrary);

  return {
    datasets: list.data,
    loaded: list.loaded,
    loading: list.loading,
    error: list.error,
    load: list.load,
    details,
    loadDetail,
    remove,
  };
});
