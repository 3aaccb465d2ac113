import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import type { Player } from '../../api/onAir'
import { jsonResponse, meAs, routeFetch } from '../../test-support/fixtures'
import { mountRoute } from '../../test-support/mount'
import { bodega, entrada, patio, playerOf, zonesOf } from '../../test-support/onAir'

const mounted: { unmount: () => void }[] = []

afterEach(() => {
  mounted.splice(0).forEach((wrapper) => wrapper.unmount())
  vi.useRealTimers()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

function serve(players: Player[], extra: Parameters<typeof routeFetch>[0] = {}) {
  const stub = routeFetch({
    'GET /api/v1/players': () => jsonResponse({ players, offline_after_seconds: 60 }),
    'GET /api/v1/zones': () => jsonResponse({ zones: zonesOf(players) }),
    ...extra,
  })
  vi.stubGlobal('fetch', stub.fetchMock)
  return stub
}

async function open(role = 'admin') {
  const { wrapper } = await mountRoute('/configuracion/reproductores', { me: meAs(role) })
  mounted.push(wrapper)
  await flushPromises()
  return wrapper
}

/** menuAction clicks an item of the row's "⋯" menu, which is drawn on the page body. */
async function menuAction(wrapper: Awaited<ReturnType<typeof open>>, player: string, action: string) {
  const toggle = wrapper.get(`[data-player="${player}"] [data-testid="row-actions"]`)
  await toggle.trigger('click')
  document.getElementById(toggle.attributes('aria-controls')!)!.querySelector<HTMLButtonElement>(`[data-testid="${action}"]`)!.click()
  await flushPromises()
}

const playerCalls = (stub: ReturnType<typeof serve>) => stub.calls.filter((call) => call.method === 'GET' && call.url.pathname === '/api/v1/players')

describe('PlayersPage', () => {
  it('lists players with online state, last seen, version, what plays and zone', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-12-03T12:05:00Z'))
    serve([patio, { ...entrada, now_playing: 'Oferta de verano' }, bodega])
    const wrapper = await open()

    expect(wrapper.get('[data-testid="settings-nav"]').text()).toContain('Reproductores')
    expect(wrapper.findAll('tbody tr').map((row) => row.attributes('data-player'))).toEqual(['Bodega', 'Entrada norte', 'Patio de comidas'])
    const row = wrapper.get('[data-player="Patio de comidas"]')
    expect(row.get('[data-testid="online-badge"]').text()).toBe('En línea')
    expect(row.get('[data-testid="player-last-seen"]').text()).toBe('hace 5 minutos')
    expect(row.text()).toContain('Nivel 2')
    expect(row.text()).toContain('1.0.0')
    expect(row.text()).toContain('Volumen 80 %')
    const away = wrapper.get('[data-player="Entrada norte"]')
    expect(away.get('[data-testid="online-badge"]').text()).toBe('Sin conexión')
    expect(away.get('[data-testid="player-last-seen"]').text()).toBe('hace 1 hora')
    expect(away.text()).toContain('Oferta de verano')
    const unpaired = wrapper.get('[data-player="Bodega"]')
    expect(unpaired.text()).toContain('Sin zona')
    expect(unpaired.get('[data-testid="player-last-seen"]').text()).toBe('Nunca')
    expect(unpaired.find('[data-testid="player-unpaired"]').exists()).toBe(true)
    expect(wrapper.text()).toContain('La lista se actualiza cada 10 segundos.')
  })

  it('refreshes the list every 10 seconds and keeps it when a refresh fails', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] })
    let online = false
    let fail = false
    const stub = serve([], {
      'GET /api/v1/players': () =>
        fail ? jsonResponse({ error: { code: 'unavailable' } }, 503) : jsonResponse({ players: [{ ...patio, online }], offline_after_seconds: 60 }),
    })
    const wrapper = await open()
    expect(wrapper.get('[data-testid="online-badge"]').text()).toBe('Sin conexión')

    online = true
    vi.advanceTimersByTime(10_000)
    await flushPromises()
    expect(playerCalls(stub)).toHaveLength(2)
    expect(wrapper.get('[data-testid="online-badge"]').text()).toBe('En línea')

    fail = true
    vi.advanceTimersByTime(10_000)
    await flushPromises()
    expect(wrapper.get('[data-testid="players-refresh-failed"]').text()).toContain('No pudimos actualizar la lista')
    expect(wrapper.find('[data-player="Patio de comidas"]').exists()).toBe(true)
  })

  it('adds a player with a suggested zone and shows its pairing code with instructions', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] })
    vi.setSystemTime(new Date('2026-12-03T12:00:00Z'))
    const stub = serve([patio], {
      'POST /api/v1/players': (init) => jsonResponse(playerOf(9, '', '', { ...JSON.parse(String(init.body)), paired: false, online: false }), 201),
      'POST /api/v1/players/9/pairing-code': () => jsonResponse({ code: 'ABCD-EF23', expires_at: '2026-12-03T12:15:00Z' }),
    })
    const wrapper = await open()
    await wrapper.get('[data-testid="player-add"]').trigger('click')
    expect(wrapper.findAll('[data-testid="player-zone-suggestions"] option').map((option) => option.attributes('value'))).toEqual(['Nivel 2'])

    await wrapper.get('[data-testid="player-form"]').trigger('submit')
    expect(wrapper.get('[data-testid="player-form"]').text()).toContain('Ingresa un nombre.')
    expect(stub.calls.some((call) => call.method === 'POST')).toBe(false)

    await wrapper.get('[data-testid="player-name"]').setValue(' Terraza ')
    await wrapper.get('[data-testid="player-zone"]').setValue('Nivel 2')
    await wrapper.get('[data-testid="player-duck-db"]').setValue('-12')
    await wrapper.get('[data-testid="player-music"]').setValue(false)
    await wrapper.get('[data-testid="player-form"]').trigger('submit')
    await flushPromises()

    expect(JSON.parse(String(stub.calls.find((call) => call.method === 'POST')!.init.body))).toEqual({
      name: 'Terraza', zone: 'Nivel 2', volume: 80, duck_db: -12, duck_attack_ms: 400, duck_release_ms: 1200, music_enabled: false, music_ids: [],
    })
    expect(wrapper.get('[data-testid="players-notice"]').text()).toBe('Agregamos el reproductor Terraza.')
    expect(wrapper.get('[data-testid="pairing-code"]').text()).toBe('ABCD-EF23')
    expect(wrapper.get('[data-testid="pairing-expiry"]').text()).toBe('Vence en 15:00')
    expect(wrapper.get('[data-testid="pairing-instructions"]').text()).toBe(
      `Abre ${window.location.host}/reproductor en el computador de la sala de sonido e ingresa este código.`,
    )

    vi.setSystemTime(new Date('2026-12-03T12:14:29Z'))
    vi.advanceTimersByTime(1000)
    await flushPromises()
    expect(wrapper.get('[data-testid="pairing-expiry"]').text()).toBe('Vence en 0:30')
    vi.setSystemTime(new Date('2026-12-03T12:15:00Z'))
    vi.advanceTimersByTime(1000)
    await flushPromises()
    expect(wrapper.get('[data-testid="pairing-expired"]').text()).toContain('Este código venció')
  })

  it('puts server field errors under the fields in Spanish', async () => {
    serve([patio], {
      'PATCH /api/v1/players/1': () =>
        jsonResponse({ error: { code: 'player_exists', message: 'a player with that name exists' } }, 409),
    })
    const wrapper = await open()
    await menuAction(wrapper, 'Patio de comidas', 'player-edit')
    expect((wrapper.get('[data-testid="player-name"]').element as HTMLInputElement).value).toBe('Patio de comidas')
    await wrapper.get('[data-testid="player-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="player-form"]').text()).toContain('Ya existe un reproductor con ese nombre.')
    expect(wrapper.text()).not.toContain('a player with that name exists')
  })

  it('deletes and unpairs players only after confirmation', async () => {
    const stub = serve([patio, entrada], {
      'DELETE /api/v1/players/2': () => new Response(null, { status: 204 }),
      'POST /api/v1/players/1/revoke': () => new Response(null, { status: 204 }),
    })
    const wrapper = await open()
    await menuAction(wrapper, 'Entrada norte', 'player-delete')
    expect(wrapper.get('[data-testid="confirm-message"]').text()).toContain('Entrada norte dejará de recibir anuncios')
    expect(stub.calls.some((call) => call.method === 'DELETE')).toBe(false)
    await wrapper.get('[data-testid="confirm-button"]').trigger('click')
    await flushPromises()
    expect(stub.calls.filter((call) => call.method === 'DELETE').map((call) => call.url.pathname)).toEqual(['/api/v1/players/2'])
    expect(wrapper.get('[data-testid="players-notice"]').text()).toBe('Eliminamos el reproductor Entrada norte.')

    await menuAction(wrapper, 'Patio de comidas', 'player-revoke')
    await wrapper.get('[data-testid="confirm-button"]').trigger('click')
    await flushPromises()
    expect(stub.calls.some((call) => call.url.pathname === '/api/v1/players/1/revoke')).toBe(true)
    expect(wrapper.get('[data-testid="players-notice"]').text()).toContain('Desvinculamos Patio de comidas')
  })

  it('lets a viewer see the players without changing them', async () => {
    serve([patio])
    const wrapper = await open('viewer')
    expect(wrapper.find('[data-player="Patio de comidas"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="player-add"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="player-pairing"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="players-stop"]').exists()).toBe(false)
  })

  it('shows an empty state and a load failure', async () => {
    serve([])
    const empty = await open()
    expect(empty.get('[data-testid="empty-state"]').text()).toContain('Todavía no hay reproductores')
    empty.unmount()
    mounted.pop()
    document.body.innerHTML = ''
    vi.stubGlobal('fetch', routeFetch({ 'GET /api/v1/players': () => jsonResponse({ error: { code: 'internal_error' } }, 500) }).fetchMock)
    expect((await open()).get('[data-testid="load-failed"]').text()).toContain('No pudimos cargar los reproductores.')
  })
})
