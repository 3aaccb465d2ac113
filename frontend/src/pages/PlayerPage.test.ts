import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { createAppI18n, type AppLocale } from '../i18n'
import { playerFactoryKey, type PlayerProbe } from '../player/browser'
import { PlayerController } from '../player/controller'
import { credentialKey } from '../player/credential'
import type { PlayerSettings } from '../player/deviceApi'
import { lostReasons, pairErrorCodes, priorityNames } from '../player/labels'
import { createTestRouter } from '../router'
import { createSession, sessionKey } from '../session/session'
import { createTenantState, tenantStateKey } from '../tenant/state'
import { demoTenant, jsonResponse } from '../test-support/fixtures'
import { FakeEngine, FakeLive } from '../test-support/player'
import PlayerPage from './PlayerPage.vue'

const settings: PlayerSettings = {
  id: 7, name: 'Patio de comidas', zone: 'Nivel 2', volume: 80,
  duck_db: -18, duck_attack_ms: 400, duck_release_ms: 1200, music_enabled: true,
}

type Route = (init?: RequestInit) => Response

async function mountPlayer(routes: Record<string, Route> = {}, locale: AppLocale = 'es-CL') {
  const engine = new FakeEngine()
  const lives: FakeLive[] = []
  const fetcher = vi.fn(async (url: string, init?: RequestInit) => {
    const route = routes[`${init?.method ?? 'GET'} ${url}`]
    return route ? route(init) : jsonResponse({ error: { code: 'not_found' } }, 404)
  })
  const controller = new PlayerController({
    storage: localStorage,
    engine,
    loader: { load: vi.fn(), prefetch: vi.fn(async () => {}), prune: vi.fn(async () => {}) },
    fetcher,
    createLive: (token, outbox, handlers) => {
      const live = new FakeLive(token, outbox, handlers)
      lives.push(live)
      return live
    },
  })
  const probe: PlayerProbe = { musicGain: () => 1, announcement: () => null, state: () => ({ ...controller.snapshot(), musicTime: 0 }) }
  const tenant = createTenantState()
  tenant.config = demoTenant
  tenant.status = 'ready'
  const router = createTestRouter({ session: createSession({ me: null }) })
  await router.push('/reproductor')
  const wrapper = mount(PlayerPage, {
    attachTo: document.body,
    global: {
      plugins: [createAppI18n(locale), router],
      provide: {
        [tenantStateKey as symbol]: tenant,
        [sessionKey as symbol]: createSession({ me: null }),
        [playerFactoryKey as symbol]: () => ({ controller, probe }),
      },
    },
  })
  await flushPromises()
  const live = () => lives[lives.length - 1]!
  return { wrapper, controller, engine, fetcher, live, router }
}

const pairOk: Record<string, Route> = {
  'POST /api/v1/device/pair': () => jsonResponse({ token: 'mfp_new', player: settings }),
  'GET /api/v1/device/config': () => jsonResponse({ player: settings, music: [], upcoming: [] }),
}

beforeEach(() => localStorage.clear())

afterEach(() => {
  document.body.innerHTML = ''
})

describe('PlayerPage', () => {
  it('opens at /reproductor for a visitor who is not signed in, without the app shell', async () => {
    const { router } = await mountPlayer()
    const route = router.currentRoute.value
    expect(route.name).toBe('player')
    expect(route.meta.bare).toBe(true)
  })

  it('shows the typed code as ABCD-EF23 and pairs on Vincular', async () => {
    const { wrapper, fetcher, engine } = await mountPlayer(pairOk)
    expect(wrapper.get('[data-testid="player-page"]').attributes('data-screen')).toBe('pair')
    const input = wrapper.get<HTMLInputElement>('[data-testid="pair-code"]')
    await input.setValue('abcd ef2')
    expect(input.element.value).toBe('ABCD-EF2')
    await input.setValue('abcd ef23')
    expect(input.element.value).toBe('ABCD-EF23')

    await wrapper.get('[data-testid="pair-submit"]').trigger('submit')
    await flushPromises()
    expect(engine.unlock).toHaveBeenCalled()
    expect(fetcher.mock.calls[0]![1]!.body).toBe('{"code":"ABCD-EF23"}')
    expect(wrapper.get('[data-testid="player-page"]').attributes('data-screen')).toBe('running')
    expect(wrapper.get('[data-testid="player-name"]').text()).toBe('Patio de comidas')
    expect(wrapper.get('[data-testid="player-zone"]').text()).toBe('Zona Nivel 2')
    expect(window.__mediaflowPlayer?.state().screen).toBe('running')
  })

  it('says a short code is incomplete without asking the server', async () => {
    const { wrapper, fetcher } = await mountPlayer(pairOk)
    await wrapper.get('[data-testid="pair-code"]').setValue('abc')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="pair-error"]').text()).toBe('El código tiene 8 caracteres. Revisa que esté completo.')
    expect(fetcher).not.toHaveBeenCalled()
  })

  it('explains a wrong code', async () => {
    const { wrapper } = await mountPlayer({
      'POST /api/v1/device/pair': () => jsonResponse({ error: { code: 'pairing_code_invalid', message: 'x' } }, 422),
    })
    await wrapper.get('[data-testid="pair-code"]').setValue('ABCDEF23')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="pair-error"]').text()).toBe('Ese código no es válido o ya expiró. Revísalo o pide uno nuevo.')
    expect(wrapper.get('[data-testid="player-page"]').attributes('data-screen')).toBe('pair')
  })

  it('says how long to wait after too many wrong codes, and waits', async () => {
    const { wrapper } = await mountPlayer({
      'POST /api/v1/device/pair': () =>
        new Response(JSON.stringify({ error: { code: 'too_many_attempts', message: 'x' } }), {
          status: 429,
          headers: { 'Retry-After': '600' },
        }),
    })
    await wrapper.get('[data-testid="pair-code"]').setValue('ABCDEF23')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="pair-error"]').text()).toBe(
      'Hubo demasiados códigos incorrectos desde este equipo. Podrás intentarlo de nuevo en 10 minutos.',
    )
    expect(wrapper.get('[data-testid="pair-submit"]').attributes('disabled')).toBeDefined()
  })

  it('explains a server it cannot reach, in English too', async () => {
    const { wrapper, fetcher } = await mountPlayer({}, 'en')
    fetcher.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    await wrapper.get('[data-testid="pair-code"]').setValue('ABCDEF23')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="pair-error"]').text()).toBe('We could not reach the server. Check this computer’s network.')
    expect(wrapper.get('[data-testid="pair-submit"]').text()).toBe('Pair')
  })

  it('asks for Comenzar when a credential is stored, and unpairs after a confirmation', async () => {
    localStorage.setItem(credentialKey, JSON.stringify({ token: 'mfp_old', player: settings }))
    const { wrapper } = await mountPlayer(pairOk)
    expect(wrapper.get('[data-testid="player-begin"]').text()).toBe('Comenzar')
    expect(wrapper.get('[data-testid="player-name"]').text()).toBe('Patio de comidas')

    await wrapper.get('[data-testid="player-unlink"]').trigger('click')
    await wrapper.get('[data-testid="player-unlink-yes"]').trigger('click')
    expect(wrapper.find('[data-testid="pair-form"]').exists()).toBe(true)
    expect(localStorage.getItem(credentialKey)).toBeNull()
  })

  it('starts a stored player on Comenzar', async () => {
    localStorage.setItem(credentialKey, JSON.stringify({ token: 'mfp_old', player: settings }))
    const { wrapper, engine, live } = await mountPlayer(pairOk)
    await wrapper.get('[data-testid="player-begin"]').trigger('click')
    await flushPromises()
    expect(engine.unlock).toHaveBeenCalled()
    expect(live().token).toBe('mfp_old')
    expect(wrapper.find('[data-testid="player-running"]').exists()).toBe(true)
  })

  it('shows the connection, the announcement, the queue and the volume while running', async () => {
    const { wrapper, engine, live } = await mountPlayer(pairOk)
    await wrapper.get('[data-testid="pair-code"]').setValue('ABCDEF23')
    await wrapper.get('form').trigger('submit')
    await flushPromises()

    live().handlers.status('reconnecting')
    await flushPromises()
    expect(wrapper.get('[data-testid="player-status"]').text()).toBe('Reconectando…')
    live().handlers.status('connected')
    await flushPromises()
    expect(wrapper.get('[data-testid="player-status"]').text()).toBe('Conectado')
    expect(wrapper.get('[data-testid="now-playing"]').attributes('data-kind')).toBe('silence')

    const play = (id: number, priority: number, title: string) =>
      live().handlers.play({
        play_id: id, schedule_id: 0, message_id: id, priority, title, audio_url: `/m/${id}`, duration_seconds: 5, requested_at: '',
      })
    play(1, 2, 'Cierre del estacionamiento')
    play(2, 5, 'Oferta del patio')
    play(3, 3, 'Limpieza en pasillo')
    engine.playing!.events.started()
    await flushPromises()
    expect(wrapper.get('[data-testid="now-playing"]').attributes('data-kind')).toBe('announcement')
    expect(wrapper.get('[data-testid="now-playing-title"]').text()).toBe('Cierre del estacionamiento')
    expect(wrapper.get('[data-testid="now-playing"]').text()).toContain('Urgente')
    const queued = wrapper.findAll('[data-testid="queue-item"]')
    expect(queued.map((item) => item.attributes('data-play'))).toEqual(['3', '2'])
    expect(queued[0]!.text()).toContain('Operaciones')
    expect(queued[1]!.text()).toContain('Baja')

    await wrapper.get('[data-testid="player-volume"]').setValue('40')
    expect(engine.volume).toBe(40)
    expect(wrapper.get('[data-testid="player-volume-value"]').text()).toBe('40 %')
  })

  it('returns to the pairing screen with the reason when the credential is revoked', async () => {
    const { wrapper, live } = await mountPlayer(pairOk)
    await wrapper.get('[data-testid="pair-code"]').setValue('ABCDEF23')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    live().handlers.credentialLost('credential_revoked')
    await flushPromises()
    expect(wrapper.get('[data-testid="pair-lost"]').text()).toBe(
      'Un administrador desvinculó este reproductor. Para volver a usarlo, ingresa un código nuevo.',
    )
  })

  it('removes its probe when it closes', async () => {
    const { wrapper } = await mountPlayer()
    expect(window.__mediaflowPlayer).toBeDefined()
    wrapper.unmount()
    expect(window.__mediaflowPlayer).toBeUndefined()
  })
})

describe.each(['es-CL', 'en'] as const)('player page messages in %s', (locale) => {
  const { te } = createAppI18n(locale).global
  it('name every priority, pairing failure, lost credential and connection state', () => {
    const keys = [
      ...priorityNames.map((name) => `kiosk.priority.${name}`),
      ...pairErrorCodes.map((code) => `kiosk.pair.errors.${code}`),
      ...lostReasons.map((code) => `kiosk.pair.lost.${code}`),
      ...['connecting', 'connected', 'reconnecting', 'offline', 'closed'].map((status) => `kiosk.status.${status}`),
    ]
    expect(keys.filter((key) => !te(key, locale))).toEqual([])
  })
})
