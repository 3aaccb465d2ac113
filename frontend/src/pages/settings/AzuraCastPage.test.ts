import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import type { AzuraCastSettings } from '../../api/onAir'
import { jsonResponse, meAs, routeFetch } from '../../test-support/fixtures'
import { mountRoute } from '../../test-support/mount'

const mounted: { unmount: () => void }[] = []

afterEach(() => {
  mounted.splice(0).forEach((wrapper) => wrapper.unmount())
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const empty: AzuraCastSettings = { configured: false, base_url: '', station_id: '', zone: '', playlist: '', enabled: false, key_set: false }
const connected: AzuraCastSettings = { configured: true, base_url: 'https://radio.mall.cl', station_id: '1', zone: '', playlist: 'Anuncios', enabled: true, key_set: true }

function serve(settings: AzuraCastSettings, extra: Parameters<typeof routeFetch>[0] = {}) {
  const stub = routeFetch({
    'GET /api/v1/settings/azuracast': () => jsonResponse(settings),
    'GET /api/v1/zones': () => jsonResponse({ zones: [{ name: 'Nivel 2', players: 2 }] }),
    'GET /api/v1/azuracast/now-playing': () => jsonResponse({ title: 'Verano', artist: 'Los Bunkers', elapsed_seconds: 60, duration_seconds: 180, listeners: 3 }),
    ...extra,
  })
  vi.stubGlobal('fetch', stub.fetchMock)
  return stub
}

async function open() {
  const { wrapper } = await mountRoute('/configuracion/azuracast', { me: meAs('admin') })
  mounted.push(wrapper)
  await flushPromises()
  return wrapper
}

const putBody = (stub: ReturnType<typeof serve>) => JSON.parse(String(stub.calls.find((call) => call.method === 'PUT')!.init.body))

describe('AzuraCastPage', () => {
  it('connects a station and shows its name', async () => {
    const stub = serve(empty, { 'PUT /api/v1/settings/azuracast': (init) => jsonResponse({ ...JSON.parse(String(init.body)), configured: true, key_set: true, station_name: 'Radio Mall Barrio' }) })
    const wrapper = await open()
    expect(wrapper.get('[data-testid="azuracast-state"]').text()).toBe('Todavía no hay una estación conectada.')
    expect(wrapper.find('[data-testid="azuracast-disconnect"]').exists()).toBe(false)

    await wrapper.get('[data-testid="azuracast-form"]').trigger('submit')
    expect(wrapper.get('[data-testid="azuracast-form"]').text()).toContain('Ingresa la clave de API.')
    expect(stub.calls.some((call) => call.method === 'PUT')).toBe(false)

    await wrapper.get('[data-testid="azuracast-url"]').setValue('https://radio.mall.cl/')
    await wrapper.get('[data-testid="azuracast-key"]').setValue(' abc:123 ')
    await wrapper.get('[data-testid="azuracast-station"]').setValue('mallbarrio')
    await wrapper.get('[data-testid="azuracast-zone"]').setValue('Nivel 2')
    await wrapper.get('[data-testid="azuracast-form"]').trigger('submit')
    await flushPromises()

    expect(putBody(stub)).toEqual({ base_url: 'https://radio.mall.cl', api_key: 'abc:123', station_id: 'mallbarrio', zone: 'Nivel 2', playlist: '', enabled: true })
    expect(wrapper.get('[data-testid="azuracast-notice"]').text()).toBe('Conectamos la estación Radio Mall Barrio.')
    expect(wrapper.get('[data-testid="azuracast-state"]').text()).toBe('Conectado a Radio Mall Barrio.')
    expect(wrapper.get('[data-testid="azuracast-key-set"]').text()).toBe('Clave guardada')
    expect((wrapper.get('[data-testid="azuracast-key"]').element as HTMLInputElement).value).toBe('')
  })

  it('keeps the stored key, shows what plays and skips the track', async () => {
    const stub = serve(connected, {
      'PUT /api/v1/settings/azuracast': (init) => jsonResponse({ ...JSON.parse(String(init.body)), configured: true, key_set: true, station_name: 'Radio' }),
      'POST /api/v1/azuracast/skip': () => new Response(null, { status: 204 }),
    })
    const wrapper = await open()
    expect(wrapper.text()).toContain('Clave guardada. Déjala en blanco para conservarla.')
    expect(wrapper.get('[data-testid="azuracast-title"]').text()).toBe('Verano')
    expect(wrapper.get('[data-testid="azuracast-now-playing"]').text()).toContain('1:00 de 3:00')
    expect(wrapper.get('[data-testid="azuracast-now-playing"]').text()).toContain('3 oyentes')

    await wrapper.get('[data-testid="azuracast-form"]').trigger('submit')
    await flushPromises()
    expect(putBody(stub)).not.toHaveProperty('api_key')

    await wrapper.get('[data-testid="azuracast-skip"]').trigger('click')
    await flushPromises()
    expect(stub.calls.some((call) => call.method === 'POST' && call.url.pathname === '/api/v1/azuracast/skip')).toBe(true)
    expect(wrapper.text()).toContain('Pasamos al tema siguiente.')
  })

  it.each([
    ['azuracast_unauthorized', 'AzuraCast rechazó la clave de API. Revísala o crea una nueva.'],
    ['azuracast_not_found', 'No encontramos esa estación en esa dirección de AzuraCast.'],
    ['azuracast_unavailable', 'AzuraCast no responde. Revisa la dirección o inténtalo más tarde.'],
  ])('explains %s in Spanish', async (code, text) => {
    serve(connected, { 'PUT /api/v1/settings/azuracast': () => jsonResponse({ error: { code, message: 'upstream said no' } }, 502) })
    const wrapper = await open()
    await wrapper.get('[data-testid="azuracast-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="azuracast-form"]').text()).toContain(text)
    expect(wrapper.text()).not.toContain('upstream said no')
  })

  it('disconnects after confirmation', async () => {
    const stub = serve(connected, { 'DELETE /api/v1/settings/azuracast': () => new Response(null, { status: 204 }) })
    const wrapper = await open()
    await wrapper.get('[data-testid="azuracast-disconnect"]').trigger('click')
    expect(stub.calls.some((call) => call.method === 'DELETE')).toBe(false)
    await wrapper.get('[data-testid="confirm-button"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="azuracast-notice"]').text()).toContain('Desconectamos AzuraCast')
    expect(wrapper.get('[data-testid="azuracast-state"]').text()).toBe('Todavía no hay una estación conectada.')
    expect(wrapper.find('[data-testid="azuracast-now-playing"]').exists()).toBe(false)
  })
})
