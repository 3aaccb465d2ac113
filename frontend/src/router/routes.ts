import type { RouteRecordRaw } from 'vue-router'

import ForbiddenPage from '../pages/ForbiddenPage.vue'
import HomePage from '../pages/HomePage.vue'
import NotFoundPage from '../pages/NotFoundPage.vue'
import SignInPage from '../pages/SignInPage.vue'

/** Icons the navigation knows how to draw. */
export type NavIcon =
  | 'home'
  | 'studio'
  | 'library'
  | 'schedule'
  | 'players'
  | 'settings'
  | 'palette'
  | 'users'
  | 'key'
  | 'activity'
  | 'building'
  | 'voice'
  | 'music'
  | 'tag'
  | 'sliders'
  | 'radio'

/** NavEntry puts a route in a navigation. */
export interface NavEntry {
  /** Message key of the link text. */
  label: string
  icon: NavIcon
  order: number
}

declare module 'vue-router' {
  interface RouteMeta {
    /** An entry in the header's main navigation. */
    nav?: NavEntry
    /** An entry in the settings section's own navigation. */
    settingsNav?: NavEntry
    /** Only signed-in users may open the route. */
    requiresAuth?: boolean
    /** The permission the route needs (implies requiresAuth). */
    permission?: string
    /** Any one of these permissions opens the route (implies requiresAuth). */
    anyPermission?: readonly string[]
    /** The sign-in page: signed-in visitors go on to where they wanted to be. */
    guestOnly?: boolean
    /** Shown on its own, without the app's header and footer. */
    bare?: boolean
    /** Sends the visitor to the first settings page they may open. */
    firstAllowedChild?: boolean
  }
}

/** The permissions that each open one settings page. */
export const settingsPermissions = [
  'branding:write',
  'users:read',
  'api_keys:read',
  'audit:read',
  'voices:write',
  'settings:write',
  'library:write',
  'players:read',
] as const

const signInRoute: RouteRecordRaw = {
  path: '/ingresar',
  name: 'sign-in',
  component: SignInPage,
  meta: { guestOnly: true, bare: true },
}

// Both routes match every path: "not-found" is what a path resolves to, and
// the guard sends a refused navigation to "forbidden" by name, which keeps
// the address the visitor asked for.
const fallbackRoutes: RouteRecordRaw[] = [
  { path: '/:pathMatch(.*)*', name: 'not-found', component: NotFoundPage },
  { path: '/:pathMatch(.*)*', name: 'forbidden', component: ForbiddenPage },
]

/**
 * The product's sections on a mall's host. A new module adds one entry here
 * with a lazily loaded page and a `meta.nav` entry (and `meta.permission`
 * when it needs one), and the navigation picks it up, e.g.
 *
 *   { path: '/estudio', name: 'studio', component: () => import('../pages/StudioPage.vue'),
 *     meta: { permission: 'messages:write', nav: { label: 'nav.studio', icon: 'studio', order: 20 } } }
 */
export const sectionRoutes: RouteRecordRaw[] = [
  {
    path: '/',
    name: 'home',
    component: HomePage,
    meta: { nav: { label: 'nav.home', icon: 'home', order: 10 } },
  },
  {
    path: '/estudio',
    name: 'studio',
    component: () => import('../pages/StudioPage.vue'),
    meta: { permission: 'messages:write', nav: { label: 'nav.studio', icon: 'studio', order: 20 } },
  },
  {
    path: '/biblioteca',
    name: 'library',
    component: () => import('../pages/LibraryPage.vue'),
    meta: { permission: 'library:read', nav: { label: 'nav.library', icon: 'library', order: 30 } },
  },
  {
    path: '/programacion',
    name: 'schedules',
    component: () => import('../pages/SchedulesPage.vue'),
    meta: { permission: 'schedules:read', nav: { label: 'onAir.nav.schedules', icon: 'schedule', order: 40 } },
  },
  {
    path: '/reproducciones',
    name: 'plays',
    component: () => import('../pages/PlaysPage.vue'),
    meta: { permission: 'players:read', nav: { label: 'onAir.nav.plays', icon: 'activity', order: 50 } },
  },
  {
    path: '/configuracion',
    component: () => import('../layouts/SettingsLayout.vue'),
    meta: {
      anyPermission: settingsPermissions,
      nav: { label: 'nav.settings', icon: 'settings', order: 90 },
    },
    children: [
      { path: '', name: 'settings', component: NotFoundPage, meta: { firstAllowedChild: true } },
      {
        path: 'marca',
        name: 'settings-branding',
        component: () => import('../pages/settings/BrandingPage.vue'),
        meta: { permission: 'branding:write', settingsNav: { label: 'settings.nav.branding', icon: 'palette', order: 10 } },
      },
      {
        path: 'usuarios',
        name: 'settings-users',
        component: () => import('../pages/settings/UsersPage.vue'),
        meta: { permission: 'users:read', settingsNav: { label: 'settings.nav.users', icon: 'users', order: 20 } },
      },
      {
        path: 'claves-api',
        name: 'settings-api-keys',
        component: () => import('../pages/settings/ApiKeysPage.vue'),
        meta: { permission: 'api_keys:read', settingsNav: { label: 'settings.nav.apiKeys', icon: 'key', order: 30 } },
      },
      {
        path: 'actividad',
        name: 'settings-audit',
        component: () => import('../pages/settings/AuditPage.vue'),
        meta: { permission: 'audit:read', settingsNav: { label: 'settings.nav.audit', icon: 'activity', order: 40 } },
      },
      {
        path: 'voces',
        name: 'settings-voices',
        component: () => import('../pages/settings/VoicesPage.vue'),
        meta: { permission: 'voices:write', settingsNav: { label: 'settings.nav.voices', icon: 'voice', order: 50 } },
      },
      {
        path: 'sonidos',
        name: 'settings-sounds',
        component: () => import('../pages/settings/SoundsPage.vue'),
        meta: { permission: 'settings:write', settingsNav: { label: 'settings.nav.sounds', icon: 'music', order: 60 } },
      },
      {
        path: 'categorias',
        name: 'settings-categories',
        component: () => import('../pages/settings/CategoriesPage.vue'),
        meta: { permission: 'library:write', settingsNav: { label: 'settings.nav.categories', icon: 'tag', order: 70 } },
      },
      {
        path: 'audio',
        name: 'settings-audio',
        component: () => import('../pages/settings/AudioSettingsPage.vue'),
        meta: { permission: 'settings:write', settingsNav: { label: 'settings.nav.audio', icon: 'sliders', order: 80 } },
      },
      {
        path: 'reproductores',
        name: 'settings-players',
        component: () => import('../pages/settings/PlayersPage.vue'),
        meta: { permission: 'players:read', settingsNav: { label: 'onAir.nav.players', icon: 'players', order: 90 } },
      },
      {
        path: 'azuracast',
        name: 'settings-azuracast',
        component: () => import('../pages/settings/AzuraCastPage.vue'),
        meta: { permission: 'settings:write', settingsNav: { label: 'onAir.nav.azuracast', icon: 'radio', order: 100 } },
      },
    ],
  },
]

/**
 * The kiosk page of a mall's sound room: full screen, without the app's
 * header, and public, since it opens with a device credential of its own.
 */
const playerRoute: RouteRecordRaw = {
  path: '/reproductor',
  name: 'player',
  component: () => import('../pages/PlayerPage.vue'),
  meta: { bare: true },
}

export const routes: RouteRecordRaw[] = [...sectionRoutes, signInRoute, playerRoute, ...fallbackRoutes]

/** The platform console, served on PLATFORM_HOST instead of a mall's site. */
export const platformRoutes: RouteRecordRaw[] = [
  {
    path: '/',
    name: 'home',
    component: () => import('../pages/platform/TenantsPage.vue'),
    meta: { permission: 'platform:read', nav: { label: 'platform.nav.tenants', icon: 'building', order: 10 } },
  },
  {
    path: '/centros/nuevo',
    name: 'platform-new-tenant',
    component: () => import('../pages/platform/NewTenantPage.vue'),
    meta: { permission: 'platform:write' },
  },
  {
    path: '/centros/:slug',
    name: 'platform-tenant',
    component: () => import('../pages/platform/TenantDetailPage.vue'),
    meta: { permission: 'platform:read' },
  },
  {
    path: '/actividad',
    name: 'platform-audit',
    component: () => import('../pages/platform/PlatformActivityPage.vue'),
    meta: { permission: 'platform:read', nav: { label: 'platform.nav.activity', icon: 'activity', order: 20 } },
  },
  signInRoute,
  ...fallbackRoutes,
]
