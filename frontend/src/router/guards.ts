import type { RouteLocationNormalized, RouteLocationRaw, RouteRecordNormalized } from 'vue-router'

import type { SessionStore } from '../session/session'

/** The query parameter that carries the page to return to after signing in. */
export const returnToParam = 'volver'

/**
 * safeReturnPath accepts only a path inside this app, so a crafted sign-in
 * link cannot send the visitor to another site.
 */
export function safeReturnPath(value: unknown): string | null {
  const path = Array.isArray(value) ? value[0] : value
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//') || path.includes('\\')) {
    return null
  }
  return path
}

function allowedBy(session: SessionStore, record: { meta: RouteRecordNormalized['meta'] }): boolean {
  const { permission, anyPermission } = record.meta
  if (permission && !session.can(permission)) return false
  if (anyPermission && !session.canAny(anyPermission)) return false
  return true
}

function needsSignIn(to: RouteLocationNormalized): boolean {
  return to.matched.some(
    (record) => record.meta.requiresAuth || record.meta.permission || record.meta.anyPermission,
  )
}

/**
 * decideNavigation is the app's route guard, without the router: it lets a
 * navigation through (true) or says where to go instead.
 */
export function decideNavigation(
  to: RouteLocationNormalized,
  session: SessionStore,
  routes: RouteRecordNormalized[],
): true | RouteLocationRaw {
  const signedIn = session.state.status === 'signed-in'

  if (to.meta.guestOnly) {
    if (!signedIn) return true
    return safeReturnPath(to.query[returnToParam]) ?? { name: 'home' }
  }

  if (needsSignIn(to) && !signedIn) {
    return { name: 'sign-in', query: to.fullPath === '/' ? {} : { [returnToParam]: to.fullPath } }
  }

  if (!to.matched.every((record) => allowedBy(session, record))) {
    return {
      name: 'forbidden',
      params: { pathMatch: to.path.split('/').slice(1) },
      query: to.query,
      hash: to.hash,
      replace: true,
    }
  }

  if (to.meta.firstAllowedChild) {
    const first = routes
      .filter((route) => route.meta.settingsNav && allowedBy(session, route))
      .sort((a, b) => a.meta.settingsNav!.order - b.meta.settingsNav!.order)[0]
    return first ? { name: first.name!, replace: true } : { name: 'home', replace: true }
  }

  return true
}
