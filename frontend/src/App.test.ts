import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { ApiError } from './api/client'
import App from './App.vue'
import { createAppI18n } from './i18n'
import { createTestRouter } from './router'
import { demoTenant, jsonResponse } from './test-support/fixtures'
import { createTenantState, tenantStateKey, type TenantState } from './tenant/state'

beforeEach(() => {
  const readiness = { status: 'ready', checks: { database: { status: 'ok' } } }
  vi.stubGlobal('fetch', vi.fn().mockImplementation(async () => jsonResponse(readiness)))
})

afterEach(() => {
  document.body.innerHTML = ''
})

async function mountApp(prepare: (state: TenantState) => void, path = '/') {
  const tenant = createTenantState()
  prepare(tenant)
  const router = createTestRouter()
  await router.push(path)
  await router.isReady()
  const wrapper = mount(App, {
    attachTo: document.body,
    global: { plugins: [createAppI18n('es-CL'), router], provide: { [tenantStateKey as symbol]: tenant } },
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
})
