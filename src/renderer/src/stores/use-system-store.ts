import type { SystemInfo } from '@shared/api';
import { defineStore } from 'pinia';
import { studio } from '@renderer/api';
import { useResource } from './request';

export const useSystemStore = defineStore('system', () => {
  const info = useResource<SystemInfo | null>(() => studio.system.info(), null);
  return {
    info: info.data,
    loaded: info.loaded,
    loading: info.loading,
    error: info.error,
    load: info.load,
  };
});
