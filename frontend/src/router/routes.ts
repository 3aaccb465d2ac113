import type { RouteRecordRaw } from 'vue-router'

import HomePage from '../pages/HomePage.vue'
import NotFoundPage from '../pages/NotFoundPage.vue'

/** Icons the navigation knows how to draw. */
export type NavIcon = 'home' | 'studio' | 'library' | 'schedule' | 'players'

/** NavEntry puts a route in the main navigation. */
export interface NavEntry {
  /** Message key of the link text, under "nav". */
  label: string
  icon: NavIcon
  order: number
}

declare module 'vue-router' {
  interface RouteMeta {
    nav?: NavEntry
  }
}

/**
 * The product's sections. A new module adds one entry here with a lazily
 * loaded page and a `meta.nav` entry, and the navigation picks it up, e.g.
 *
 *   { path: '/estudio', name: 'studio', component: () => import('../pages/StudioPage.vue'),
 *     meta: { nav: { label: 'nav.studio', icon: 'studio', order: 20 } } }
 */
export const sectionRoutes: RouteRecordRaw[] = [
  {
    path: '/',
    name: 'home',
    component: HomePage,
    meta: { nav: { label: 'nav.home', icon: 'home', order: 10 } },
  },
]

export const routes: RouteRecordRaw[] = [
  ...sectionRoutes,
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: NotFoundPage,
  },
]
