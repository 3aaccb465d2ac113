import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { ApiError } from './api/client'
import App from './App.vue'
import { createAppI18n } from './i18n'
import { createTestRouter } from './router'
import { createSession, sessionKey } from './session/session'
import type { Me } from './api/auth'
import { demoTenant, jsonResponse, meAs, platformConfig } from './test-support/fixtures'
import { createTenantState, tenantStateKey, type TenantState } from './tenant/state'

beforeEach(() => {
  const readiness = { status: 'ready', checks: { database: { status: 'ok' } } }
  vi.stubGlobal('fetch', vi.fn().mockImplementation(async () => jsonResponse(readiness)))
})

afterEach(() => {
  document.body.innerHTML = ''
})

async function mountApp(prepare: (state: TenantState) => void, path = '/', me: Me | null = null) {
  const tenant = createTenantState()
  prepare(tenant)
  const session = createSession({ me })
  const router = createTestRouter({ session, mode: tenant.config?.mode ?? 'tenant' })
  await router.push(path)
  await router.isReady()
  const wrapper = mount(App, {
    attachTo: document.body,
    global: {
      plugins: [createAppI18n('es-CL'), router],
      provide: { [tenantStateKey as symbol]: tenant, [sessionKey as symbol]: session },
    },
  })
  await flushPromises()
  return wrapper
}

function ready(state: TenantState) {
  state.status = 'ready'
  state.config = demoTenant
}

describe('App', () => {
  it('shows a neutral loading screen while the tenant loads', async () => {
    const wrapper = await mountApp(() => {})

    expect(wrapper.find('[data-testid="app-loading"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="app-header"]').exists()).toBe(false)
  })

  it('shows a neutral error without any brand when the tenant cannot load', async () => {
    const wrapper = await mountApp((state) => {
      state.status = 'error'
      state.error = new ApiError('tenant_not_found', 404)
    })

    const error = wrapper.get('[data-testid="tenant-error"]')
    expect(error.text()).toContain('No pudimos cargar este sitio')
    expect(error.text()).toContain('Esta dirección no corresponde a ningún centro comercial de MediaFlow.')
    expect(wrapper.find('[data-testid="app-header"]').exists()).toBe(false)
    expect(wrapper.text()).not.toContain('MediaFlow Demo')
  })

  it('shows the branded home page with greeting and version', async () => {
    const wrapper = await mountApp(ready)

    expect(wrapper.get('[data-testid="tenant-name"]').text()).toBe('MediaFlow Demo')
    expect(wrapper.get('[data-testid="welcome-title"]').text()).toBe('¡Hola, MediaFlow Demo!')
    expect(wrapper.get('[data-testid="app-version"]').text()).toBe('MediaFlow v0.1.0')
    expect(wrapper.get('nav a[aria-current="page"]').text()).toBe('Inicio')
    expect(wrapper.get('[data-testid="system-status"]').attributes('data-state')).toBe('ok')
  })

  it('shows the 404 page inside the shell for an unknown route, with a link home', async () => {
    const wrapper = await mountApp(ready, '/no-existe')

    expect(wrapper.get('[data-testid="app-header"]').text()).toContain('MediaFlow Demo')
    const notFound = wrapper.get('[data-testid="not-found"]')
    expect(notFound.text()).toContain('Página no encontrada')
    expect(notFound.text()).toContain('/no-existe')
    expect(wrapper.get('[data-testid="not-found-home"]').attributes('href')).toBe('/')
  })

  it('shows the sign-in page on its own, without the shell', async () => {
    const wrapper = await mountApp(ready, '/ingresar')

    expect(wrapper.find('[data-testid="sign-in-page"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="app-header"]').exists()).toBe(false)
  })

  it('offers a signed-out visitor the sign-in link in the header', async () => {
    const wrapper = await mountApp(ready)

    expect(wrapper.get('[data-testid="sign-in-link"]').attributes('href')).toBe('/ingresar')
    expect(wrapper.find('[data-testid="user-menu"]').exists()).toBe(false)
  })

  it('shows the settings entry only to roles that may open a settings page', async () => {
    const admin = await mountApp(ready, '/', meAs('admin'))
    expect(admin.get('[data-testid="main-nav"]').text()).toContain('Configuración')
    document.body.innerHTML = ''

    const reader = { ...meAs('viewer'), permissions: ['messages:read', 'library:read'] }
    const limited = await mountApp(ready, '/', reader)
    expect(limited.get('[data-testid="main-nav"]').text()).not.toContain('Configuración')
    expect(limited.find('a[href^="/configuracion"]').exists()).toBe(false)
  })

  it('gives an editor the categories they manage and the players they may see', async () => {
    const wrapper = await mountApp(ready, '/configuracion', meAs('editor'))

    expect(wrapper.get('[data-testid="settings-nav"]').findAll('a').map((link) => link.text())).toEqual(['Categorías', 'Reproductores'])
    expect(wrapper.find('[data-testid="categories-page"]').exists()).toBe(true)
  })

  it('hides the settings pages an admin-like role lacks from the settings navigation', async () => {
    const auditor = { ...meAs('viewer'), permissions: ['audit:read'] }
    const wrapper = await mountApp(ready, '/configuracion', auditor)

    expect(wrapper.get('[data-testid="settings-nav"]').text()).toBe('Actividad')
    expect(wrapper.find('[data-testid="audit-page"]').exists()).toBe(true)
  })

  describe('in platform mode', () => {
    function platform(state: TenantState) {
      state.status = 'ready'
      state.config = platformConfig
    }

    it('shows the console sign-in instead of the mall site', async () => {
      const wrapper = await mountApp(platform, '/')

      expect(wrapper.find('[data-testid="sign-in-page"]').exists()).toBe(true)
      expect(wrapper.get('[data-testid="tenant-name"]').text()).toBe('MediaFlow')
      expect(wrapper.find('[data-testid="home-page"]').exists()).toBe(false)
    })

    it('shows the console with its own navigation to a platform admin', async () => {
      vi.stubGlobal('fetch', vi.fn().mockImplementation(async () => jsonResponse({ items: [] })))
      const wrapper = await mountApp(platform, '/', meAs('platform_admin'))

      expect(wrapper.find('[data-testid="tenants-page"]').exists()).toBe(true)
      expect(wrapper.get('[data-testid="console-label"]').text()).toBe('Consola de la plataforma')
      const nav = wrapper.get('[data-testid="main-nav"]').findAll('a').map((link) => link.text())
      expect(nav).toEqual(['Centros comerciales', 'Actividad'])
      expect(wrapper.find('[data-testid="welcome-title"]').exists()).toBe(false)
    })

    it('refuses the console to a mall admin', async () => {
      const wrapper = await mountApp(platform, '/', meAs('admin'))
      expect(wrapper.find('[data-testid="forbidden"]').exists()).toBe(true)
    })
  })
})
