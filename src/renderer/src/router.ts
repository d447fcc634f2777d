import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';

/**
 * Hash history: the same bundle is loaded from Electron's custom protocol and from the server host, and
 * neither has to map deep paths back to index.html.
 */
const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/datasets' },
  {
    path: '/datasets',
    name: 'datasets',
    component: () => import('@renderer/views/DatasetsView.vue'),
    meta: { title: 'Datasets' },
  },
  {
    path: '/runs',
    name: 'runs',
    component: () => import('@renderer/views/RunsView.vue'),
    meta: { title: 'Runs' },
  },
  {
    path: '/runs/new',
    name: 'new-run',
    component: () => import('@renderer/views/NewRunView.vue'),
    meta: { title: 'New run' },
  },
  {
    path: '/runs/:id',
    name: 'run',
    component: () => import('@renderer/views/RunView.vue'),
    props: true,
    meta: { title: 'Run' },
  },
  {
    path: '/compare',
    name: 'compare',
    component: () => import('@renderer/views/CompareView.vue'),
    meta: { title: 'Compare' },
  },
  {
    path: '/playground',
    name: 'playground',
    component: () => import('@renderer/views/PlaygroundView.vue'),
    meta: { title: 'Playground' },
  },
  {
    path: '/system',
    name: 'system',
    component: () => import('@renderer/views/SystemView.vue'),
    meta: { title: 'System' },
  },
  // An unknown address (an old bookmark) lands somewhere useful rather than on a blank page.
  { path: '/:unknown(.*)*', redirect: '/datasets' },
];

declare module 'vue-router' {
  interface RouteMeta {
    title?: string;
  }
}

export const router = createRouter({ history: createWebHashHistory(), routes });

router.afterEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} — GAN Studio` : 'GAN Studio';
});
