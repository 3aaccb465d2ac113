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
