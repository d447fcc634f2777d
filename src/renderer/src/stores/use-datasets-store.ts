import type { DatasetSummary } from '@shared/api';
import { defineStore } from 'pinia';
import { studio } from '@renderer/api';
import { useResource } from './request';

export const useDatasetsStore = defineStore('datasets', () => {
  const list = useResource<DatasetSummary[]>(() => studio.datasets.list(), []);
  return {
    datasets: list.data,
    loaded: list.loaded,
    loading: list.loading,
    error: list.error,
    load: list.load,
  };
});
