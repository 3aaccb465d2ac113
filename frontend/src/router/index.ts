import {
  createMemoryHistory,
  createRouter,
  createWebHistory,
  type Router,
  type RouteRecordNormalized,
} from 'vue-router'

import { routes } from './routes'

/** createAppRouter builds the router; tests pass memory history. */
export function createAppRouter(history = createWebHistory(import.meta.env.BASE_URL)): Router {
  return createRouter({
    history,
    routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })
}

export function createTestRouter(): Router {
  return createAppRouter(createMemoryHistory())
}

/** navigationRoutes lists the routes shown in the main navigation, in order. */
export function navigationRoutes(router: Router): RouteRecordNormalized[] {
  return router
    .getRoutes()
    .filter((route) => route.meta.nav)
    .sort((a, b) => a.meta.nav!.order - b.meta.nav!.order)
}
