import {
  createMemoryHistory,
  createRouter,
  createWebHistory,
  type Router,
  type RouteRecordNormalized,
  type RouterHistory,
} from 'vue-router'

import type { AppMode } from '../tenant/config'
import { createSession, type SessionStore } from '../session/session'
import { decideNavigation } from './guards'
import { platformRoutes, routes } from './routes'

export interface AppRouterOptions {
  mode?: AppMode
  session?: SessionStore
}

/**
 * createAppRouter builds the router for a mall's site or the platform
 * console. Every navigation waits until the session is known, then the
 * guard checks sign-in and permissions. Tests pass memory history.
 */
export function createAppRouter(
  history: RouterHistory = createWebHistory(import.meta.env.BASE_URL),
  options: AppRouterOptions = {},
): Router {
  const session = options.session ?? createSession({ me: null })
  const router = createRouter({
    history,
    routes: options.mode === 'platform' ? platformRoutes : routes,
    scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
  })
  router.beforeEach(async (to) => {
    await session.load()
    return decideNavigation(to, session, router.getRoutes())
  })
  return router
}

export function createTestRouter(options: AppRouterOptions = {}): Router {
  return createAppRouter(createMemoryHistory(), options)
}

/**
 * navigationRoutes lists the routes shown in the main navigation, in order;
 * with a session, only those its user may open.
 */
export function navigationRoutes(router: Router, session?: SessionStore): RouteRecordNormalized[] {
  return router
    .getRoutes()
    .filter((route) => route.meta.nav)
    .filter((route) => !session || permitted(route, session))
    .sort((a, b) => a.meta.nav!.order - b.meta.nav!.order)
}

/** settingsRoutes lists the settings pages the session's user may open, in order. */
export function settingsRoutes(router: Router, session: SessionStore): RouteRecordNormalized[] {
  return router
    .getRoutes()
    .filter((route) => route.meta.settingsNav && permitted(route, session))
    .sort((a, b) => a.meta.settingsNav!.order - b.meta.settingsNav!.order)
}

function permitted(route: RouteRecordNormalized, session: SessionStore): boolean {
  const { permission, anyPermission } = route.meta
  if (permission && !session.can(permission)) return false
  if (anyPermission && !session.canAny(anyPermission)) return false
  return true
}
