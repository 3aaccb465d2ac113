import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import type { PlatformTenant } from '../../api/platform'
import { jsonResponse, meAs, platformConfig, routeFetch } from '../../test-support/fixtures'
import { mountRoute } from '../../test-support/mount'

afterEach(() => {
  document.body.innerHTML = ''
})

const mallBarrio: PlatformTenant = {
  id: 2, slug: 'mallbarrio', name: 'Mall Barrio Independencia', status: 'active',
  primary_color: '#E91E63', secondary_color: '#9C27B0', theme: 'light', locale: 'es-CL', timezone: 'America/Santiago',
  hosts: [{ host: 'www.mallbarrio.cl', primary: false }, { host: 'mallbarrio.localhost', primary: true }],
  users: 4, created_at: '2026-11-01T12:00:00Z', updated_at: '2026-11-01T12:00:00Z',
}
const demo: PlatformTenant = { ...mallBarrio, id: 1, slug: 'demo', name: 'MediaFlow Demo', status: 'suspended', hosts: [{ host: 'demo.localhost', primary: true }], users: 1 }

const error = (status: number, code: string, details: Record<string, string> = {}) => () =>
  jsonResponse({ error: { code, message: 'server text', details } }, status)

async function openConsole(path: string, routes: Parameters<typeof routeFetch>[0]) {
  const stub = routeFetch(routes)
  vi.stubGlobal('fetch', stub.fetchMock)
  const mounted = await mountRoute(path, { tenant: platformConfig, me: meAs('platform_admin') })
  await flushPromises()
  return { ...mounted, calls: stub.calls }
}

describe('tenants list', () => {
  it('lists every mall with status, hosts (primary first) and users', async () => {
    const { wrapper } = await openConsole('/', { 'GET /api/v1/platform/tenants': () => jsonResponse({ items: [mallBarrio, demo] }) })

    const rows = wrapper.findAll('[data-tenant]')
    expect(rows.map((row) => row.attributes('data-tenant'))).toEqual(['mallbarrio', 'demo'])
    expect(rows[0]!.get('[data-testid="tenant-status"]').text()).toBe('Activo')
    expect(rows[1]!.get('[data-testid="tenant-status"]').text()).toBe('Suspendido')
    const hosts = rows[0]!.findAll('li')
    expect(hosts.map((li) => li.get('a').text())).toEqual(['mallbarrio.localhost', 'www.mallbarrio.cl'])
    expect(hosts[0]!.text()).toContain('Principal')
    expect(hosts[1]!.text()).not.toContain('Principal')
    expect(rows[0]!.text()).toContain('4')
    expect(wrapper.text().replace(/\s+/g, ' ')).toContain('2 centros comerciales · uno suspendido')
  })

  it('filters by name or host', async () => {
    const { wrapper } = await openConsole('/', { 'GET /api/v1/platform/tenants': () => jsonResponse({ items: [mallBarrio, demo] }) })

    await wrapper.get('[data-testid="tenants-search"]').setValue('www.mallbarrio')
    expect(wrapper.findAll('[data-tenant]').map((row) => row.attributes('data-tenant'))).toEqual(['mallbarrio'])

    await wrapper.get('[data-testid="tenants-search"]').setValue('nada')
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('Ningún centro coincide')
  })

  it('shows empty and error states', async () => {
    const empty = await openConsole('/', { 'GET /api/v1/platform/tenants': () => jsonResponse({ items: [] }) })
    expect(empty.wrapper.get('[data-testid="empty-state"]').text()).toContain('Todavía no hay centros comerciales')
    document.body.innerHTML = ''

    const failed = await openConsole('/', { 'GET /api/v1/platform/tenants': error(500, 'internal_error') })
    expect(failed.wrapper.get('[data-testid="load-failed"]').text()).toContain('No pudimos cargar los centros comerciales.')
  })
})

describe('new tenant', () => {
  async function fill(wrapper: Awaited<ReturnType<typeof openConsole>>['wrapper']) {
    await wrapper.get('[data-testid="tenant-name-input"]').setValue('Plaza Ñuñoa')
    await wrapper.get('[data-testid="tenant-host-input"]').setValue('Plaza.Localhost')
    await wrapper.get('[data-testid="tenant-admin-email"]').setValue('ana@plaza.test')
  }

  it('creates a mall with a suggested slug and shows the temporary password once', async () => {
    const created = { ...mallBarrio, slug: 'plaza-nunoa', name: 'Plaza Ñuñoa', hosts: [{ host: 'plaza.localhost', primary: true }] }
    const { wrapper, calls } = await openConsole('/centros/nuevo', {
      'POST /api/v1/platform/tenants': () =>
        jsonResponse({ tenant: created, admin: { id: 9, email: 'ana@plaza.test' }, temporary_password: 'Tmp-Plaza-77' }, 201),
    })

    await fill(wrapper)
    expect((wrapper.get('[data-testid="tenant-slug-input"]').element as HTMLInputElement).value).toBe('plaza-nunoa')
    await wrapper.get('[data-testid="new-tenant-form"]').trigger('submit')
    await flushPromises()

    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({
      slug: 'plaza-nunoa', name: 'Plaza Ñuñoa', host: 'plaza.localhost',
      primary_color: '#18181B', secondary_color: '#3F3F46', timezone: 'America/Santiago', locale: 'es-CL',
      admin_email: 'ana@plaza.test',
    })
    expect(wrapper.get('[data-testid="tenant-created"]').text()).toContain('Se creó Plaza Ñuñoa.')
    expect((wrapper.get('[data-testid="secret-value"]').element as HTMLInputElement).value).toBe('Tmp-Plaza-77')
    expect(wrapper.get('[data-testid="tenant-created-open"]').attributes('href')).toBe('/centros/plaza-nunoa')
  })

  it('stops suggesting a slug once it was typed', async () => {
    const { wrapper } = await openConsole('/centros/nuevo', {})
    await wrapper.get('[data-testid="tenant-slug-input"]').setValue('plaza')
    await wrapper.get('[data-testid="tenant-name-input"]').setValue('Plaza Ñuñoa Norte')
    expect((wrapper.get('[data-testid="tenant-slug-input"]').element as HTMLInputElement).value).toBe('plaza')
  })

  it.each([
    [409, 'tenant_exists', {}, 'tenant-slug-input', 'Ya existe un centro comercial con ese identificador.'],
    [409, 'host_taken', {}, 'tenant-host-input', 'Esa dirección ya la usa otro centro comercial.'],
    [422, 'host_reserved', {}, 'tenant-host-input', 'Esa dirección está reservada y no se puede usar.'],
    [422, 'invalid_tenant', { slug: 'use lower case' }, 'tenant-slug-input', 'Usa de 1 a 40 letras minúsculas'],
    [422, 'weak_password', { password: 'too short' }, 'tenant-admin-password', 'La contraseña es demasiado débil'],
    [422, 'invalid_user', { email: 'bad' }, 'tenant-admin-email', 'Ingresa un correo válido'],
  ])('puts a %i %s under its field', async (status, code, details, testid, message) => {
    const { wrapper } = await openConsole('/centros/nuevo', { 'POST /api/v1/platform/tenants': error(status, code, details) })

    await fill(wrapper)
    await wrapper.get('[data-testid="new-tenant-form"]').trigger('submit')
    await flushPromises()

    const input = wrapper.get(`[data-testid="${testid}"]`)
    expect(input.attributes('aria-invalid')).toBe('true')
    expect(document.getElementById(input.attributes('aria-describedby')!.split(' ')[0]!)?.textContent).toContain(message)
    expect(wrapper.get('[data-testid="new-tenant-error"]').text()).toBe('Revisa los campos marcados.')
  })

  it('checks the required fields before sending', async () => {
    const { wrapper, calls } = await openConsole('/centros/nuevo', {})
    await wrapper.get('[data-testid="new-tenant-form"]').trigger('submit')
    expect(wrapper.findAll('[aria-invalid="true"]').length).toBeGreaterThanOrEqual(4)
    expect(calls).toHaveLength(0)
  })
})

describe('tenant detail', () => {
  const members = [{ id: 3, email: 'ana@mallbarrio.test', name: 'Ana', role: 'admin', disabled: false, last_login_at: null, created_at: '2026-11-01T12:00:00Z' }]

  function routes(extra: Parameters<typeof routeFetch>[0] = {}) {
    return {
      'GET /api/v1/platform/tenants/mallbarrio': () => jsonResponse(mallBarrio),
      'GET /api/v1/platform/tenants/mallbarrio/users': () => jsonResponse({ items: members }),
      ...extra,
    }
  }

  it('shows the mall, its hosts and its users', async () => {
    const { wrapper } = await openConsole('/centros/mallbarrio', routes())

    expect(wrapper.get('[data-testid="page-title"]').text()).toBe('Mall Barrio Independencia')
    expect(wrapper.get('[data-testid="tenant-status"]').text()).toBe('Activo')
    expect(wrapper.findAll('[data-host]').map((host) => host.attributes('data-host'))).toEqual(['mallbarrio.localhost', 'www.mallbarrio.cl'])
    expect(wrapper.get('[data-member="ana@mallbarrio.test"]').text()).toContain('Administrador')
    expect(wrapper.find('[data-testid="member-role"]').exists()).toBe(false)
  })

  it('suspends only after confirming', async () => {
    const { wrapper, calls } = await openConsole('/centros/mallbarrio', routes({
      'POST /api/v1/platform/tenants/mallbarrio/suspend': () => jsonResponse({ ...mallBarrio, status: 'suspended' }),
    }))

    await wrapper.get('[data-testid="tenant-toggle-status"]').trigger('click')
    expect(wrapper.get('[data-testid="confirm-message"]').text()).toContain('dejará de atender')
    expect(calls.some((call) => call.url.pathname.endsWith('/suspend'))).toBe(false)
    await wrapper.get('[data-testid="confirm-button"]').trigger('click')
    await flushPromises()

    expect(wrapper.get('[data-testid="tenant-status"]').text()).toBe('Suspendido')
    expect(wrapper.get('[data-testid="tenant-toggle-status"]').text()).toBe('Reanudar')
  })

  it('adds a host, makes one primary and removes one after confirming', async () => {
    const withNew = { ...mallBarrio, hosts: [...mallBarrio.hosts, { host: 'nuevo.localhost', primary: false }] }
    const { wrapper, calls } = await openConsole('/centros/mallbarrio', routes({
      'POST /api/v1/platform/tenants/mallbarrio/hosts': () => jsonResponse(withNew),
      'POST /api/v1/platform/tenants/mallbarrio/hosts/nuevo.localhost/primary': () =>
        jsonResponse({ ...withNew, hosts: withNew.hosts.map((host) => ({ ...host, primary: host.host === 'nuevo.localhost' })) }),
      'DELETE /api/v1/platform/tenants/mallbarrio/hosts/www.mallbarrio.cl': () =>
        jsonResponse({ ...withNew, hosts: withNew.hosts.filter((host) => host.host !== 'www.mallbarrio.cl') }),
    }))

    await wrapper.get('[data-testid="host-add-input"]').setValue(' Nuevo.Localhost ')
    await wrapper.get('[data-testid="host-add"]').trigger('submit')
    await flushPromises()
    expect(JSON.parse(String(calls.find((call) => call.method === 'POST')!.init.body))).toEqual({ host: 'nuevo.localhost', primary: false })

    await wrapper.get('[data-host="nuevo.localhost"] [data-testid="host-make-primary"]').trigger('click')
    await flushPromises()
    expect(wrapper.findAll('[data-host]')[0]!.attributes('data-host')).toBe('nuevo.localhost')

    await wrapper.get('[data-host="www.mallbarrio.cl"] [data-testid="host-remove"]').trigger('click')
    expect(wrapper.get('[data-testid="confirm-message"]').text()).toContain('www.mallbarrio.cl dejará de abrir')
    await wrapper.get('[data-testid="confirm-button"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-host="www.mallbarrio.cl"]').exists()).toBe(false)
  })

  it('shows why a host could not be added', async () => {
    const { wrapper } = await openConsole('/centros/mallbarrio', routes({
      'POST /api/v1/platform/tenants/mallbarrio/hosts': error(409, 'host_taken'),
    }))

    await wrapper.get('[data-testid="host-add-input"]').setValue('demo.localhost')
    await wrapper.get('[data-testid="host-add"]').trigger('submit')
    await flushPromises()

    expect(wrapper.get('[data-testid="tenant-hosts"]').text()).toContain('Esa dirección ya la usa otro centro comercial.')
  })

  it('saves edited settings and shows the answer', async () => {
    const { wrapper, calls } = await openConsole('/centros/mallbarrio', routes({
      'PATCH /api/v1/platform/tenants/mallbarrio': () => jsonResponse({ ...mallBarrio, name: 'Mall Barrio', timezone: 'America/Punta_Arenas' }),
    }))

    await wrapper.get('[data-testid="tenant-edit-name"]').setValue('Mall Barrio')
    await wrapper.get('[data-testid="tenant-settings"]').trigger('submit')
    await flushPromises()

    expect(JSON.parse(String(calls.find((call) => call.method === 'PATCH')!.init.body))).toEqual({ name: 'Mall Barrio' })
    expect(wrapper.get('[data-testid="page-title"]').text()).toBe('Mall Barrio')
    expect(wrapper.get('[data-testid="tenant-saved"]').text()).toBe('Cambios guardados.')
  })

  it('shows an error state for an unknown mall', async () => {
    const { wrapper } = await openConsole('/centros/nada', {
      'GET /api/v1/platform/tenants/nada': error(404, 'tenant_not_found'),
    })
    expect(wrapper.get('[data-testid="load-failed"]').text()).toContain('No pudimos cargar este centro comercial.')
  })
})

describe('platform activity', () => {
  it('filters by mall and shows which mall each entry belongs to', async () => {
    const entry = { id: 1, at: '2026-12-03T18:00:00Z', tenant_id: 'mallbarrio', actor: 'ops@mediaflow.test', action: 'tenant.suspended', target: 'mallbarrio', ip: '', details: {} }
    const { wrapper, calls } = await openConsole('/actividad', {
      'GET /api/v1/platform/tenants': () => jsonResponse({ items: [mallBarrio, demo] }),
      'GET /api/v1/platform/audit': () => jsonResponse({ items: [entry], total: 1, page: 1, per_page: 50 }),
    })

    expect(wrapper.get('[data-action="tenant.suspended"]').text()).toContain('Mall Barrio Independencia')
    expect(wrapper.get('[data-action="tenant.suspended"]').text()).toContain('Suspendió un centro comercial')

    await wrapper.get('[data-testid="audit-tenant"]').setValue('demo')
    await wrapper.get('[data-testid="audit-filters"]').trigger('submit')
    await flushPromises()

    const last = calls.filter((call) => call.url.pathname === '/api/v1/platform/audit').pop()!
    expect(last.url.searchParams.get('tenant')).toBe('demo')
  })
})
