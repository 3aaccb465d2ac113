import type { Me } from '../api/auth'
import type { TenantConfig } from '../tenant/config'

/** demoTenant mirrors the config the server sends for the demo tenant. */
export const demoTenant: TenantConfig = {
  mode: 'tenant',
  tenant_id: 'demo',
  tenant_name: 'MediaFlow Demo',
  tenant_logo: '/branding/logo',
  tenant_primary_color: '#4F46E5',
  tenant_secondary_color: '#7C3AED',
  tenant_domain: 'demo.localhost',
  tenant_favicon: '/branding/favicon',
  app_version: '0.1.0',
  theme: 'light',
  locale: 'es-CL',
  timezone: 'America/Santiago',
}

/** jsonResponse builds a fetch Response carrying a JSON body. */
export function jsonResponse(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  })
}

/** deferred returns a promise together with the functions that settle it. */
export function deferred<T>() {
  let resolve!: (value: T) => void
  let reject!: (reason: unknown) => void
  const promise = new Promise<T>((res, rej) => {
    resolve = res
    reject = rej
  })
  return { promise, resolve, reject }
}

/** The permissions docs/api.md gives each tenant role. */
export const rolePermissions: Record<string, string[]> = {
  admin: [
    'branding:read', 'branding:write', 'users:read', 'users:write', 'sessions:revoke',
    'api_keys:read', 'api_keys:write', 'audit:read',
    'messages:read', 'library:read', 'schedules:read', 'players:read',
    'messages:write', 'library:write', 'campaigns:write', 'schedules:write',
    'announcements:play', 'shortcuts:use', 'players:write', 'voices:write', 'settings:write',
  ],
  editor: [
    'messages:read', 'library:read', 'schedules:read', 'players:read',
    'messages:write', 'library:write', 'campaigns:write', 'schedules:write',
    'announcements:play', 'shortcuts:use',
  ],
  operator: ['messages:read', 'library:read', 'schedules:read', 'players:read', 'announcements:play', 'shortcuts:use'],
  viewer: ['messages:read', 'library:read', 'schedules:read', 'players:read'],
}

/** meAs builds the GET /api/v1/auth/me answer for a user with a tenant role. */
export function meAs(role: string, overrides: Partial<Me['user']> = {}): Me {
  return {
    user: { id: 3, email: `${role}@mallbarrio.test`, name: `Ana ${role}`, ...overrides },
    role,
    tenant_id: role === 'platform_admin' ? '' : 'demo',
    permissions: role === 'platform_admin' ? [...rolePermissions.admin!, 'platform:read', 'platform:write'] : [...(rolePermissions[role] ?? [])],
  }
}

/** The config the server embeds on PLATFORM_HOST. */
export const platformConfig: TenantConfig = {
  ...demoTenant,
  mode: 'platform',
  tenant_id: '',
  tenant_name: 'MediaFlow',
  tenant_domain: 'platform.localhost',
  tenant_primary_color: '#18181B',
  tenant_secondary_color: '#3F3F46',
}

/**
 * routeFetch stubs fetch with answers per "METHOD /path" (the query is
 * ignored) and records each call; unknown requests get a 404.
 */
export function routeFetch(routes: Record<string, (init: RequestInit, url: URL) => Response | Promise<Response>>) {
  const calls: { method: string; url: URL; init: RequestInit }[] = []
  const fetchMock = async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(String(input), 'http://mallbarrio.localhost')
    const method = (init.method ?? 'GET').toUpperCase()
    calls.push({ method, url, init })
    const handler = routes[`${method} ${url.pathname}`]
    if (handler) return handler(init, url)
    return jsonResponse({ error: { code: 'not_found', message: 'no route' } }, 404)
  }
  return { fetchMock, calls }
}

/** brandingOf builds the GET /api/v1/tenant/branding answer for mallbarrio. */
export function brandingOf(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Mall Barrio Independencia',
    primary_color: '#E91E63',
    secondary_color: '#9C27B0',
    theme: 'light',
    locale: 'es-CL',
    timezone: 'America/Santiago',
    logo_url: '/branding/logo',
    favicon_url: '/branding/favicon',
    custom_logo: false,
    custom_favicon: false,
    updated_at: '2026-12-03T18:00:00Z',
    locales: ['es-CL', 'en'],
    themes: ['light', 'dark'],
    ...overrides,
  }
}

/** pngBytes is the start of a PNG file, enough for the client's type check. */
export const pngBytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
