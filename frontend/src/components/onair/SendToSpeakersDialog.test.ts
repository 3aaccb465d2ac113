import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import type { Delivery, PlayStatus } from '../../api/onAir'
import { jsonResponse, meAs, routeFetch } from '../../test-support/fixtures'
import { mountInShell } from '../../test-support/mount'
import { entrada, patio, zonesOf } from '../../test-support/onAir'
import SendToSpeakersDialog from './SendToSpeakersDialog.vue'

const mounted: { unmount: () => void }[] = []

afterEach(() => {
  // Unmounting stops the delivery polling before fetch is restored.
  mounted.splice(0).forEach((wrapper) => wrapper.unmount())
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const players = [patio, entrada]

function deliveryWith(statuses: PlayStatus[], targets: Delivery['targets'] = { all: true }): Delivery {
  return {
    id: 40, message_id: 12, priority: 4, source: 'manual', schedule_id: null, targets, created_at: '2026-12-03T12:00:00Z',
    plays: statuses.map((status, i) => ({
      id: 100 + i, delivery_id: 40, message_id: 12, message_name: 'Cierre', player_id: players[i]!.id, player_name: players[i]!.name,
      zone: players[i]!.zone, source: 'manual', schedule_id: null, priority: 4, status, requested_at: '2026-12-03T12:00:00Z',
      received_at: null, started_at: null, finished_at: null, error: '',
    })),
  }
}

function serve(progress: PlayStatus[][], extra: Parameters<typeof routeFetch>[0] = {}) {
  let step = 0
  const stub = routeFetch({
    'GET /api/v1/players': () => jsonResponse({ players, offline_after_seconds: 60 }),
    'GET /api/v1/zones': () => jsonResponse({ zones: zonesOf(players) }),
    'POST /api/v1/messages/12/play': (init) => jsonResponse({ ...deliveryWith(progress[0]!), ...JSON.parse(String(init.body)) }, 202),
    'GET /api/v1/deliveries/40': () => jsonResponse(deliveryWith(progress[Math.min(++step, progress.length - 1)]!)),
    ...extra,
  })
  vi.stubGlobal('fetch', stub.fetchMock)
  return stub
}

async function open(props: Record<string, unknown> = {}) {
  const { wrapper } = await mountInShell(SendToSpeakersDialog, {
    me: meAs('operator'),
    props: { message: { id: 12, name: 'Cierre de tiendas' }, pollMs: 5, watchMs: 2000, ...props },
  })
  mounted.push(wrapper)
  await flushPromises()
  return wrapper
}

type Wrapper = Awaited<ReturnType<typeof open>>
const statuses = (wrapper: Wrapper) => wrapper.findAll('[data-testid="play-status"]').map((badge) => badge.attributes('data-status'))
const postsTo = (stub: ReturnType<typeof serve>, path: string) => stub.calls.filter((call) => call.method === 'POST' && call.url.pathname === path)

describe('SendToSpeakersDialog', () => {
  it('sends to every speaker and follows each play until it has played', async () => {
    const stub = serve([['pending', 'pending'], ['received', 'pending'], ['started', 'received'], ['played', 'played']])
    const wrapper = await open()
    expect(wrapper.text()).toContain('Elige dónde suena «Cierre de tiendas» y con qué prioridad.')
    expect((wrapper.get('[data-testid="priority-select"]').element as HTMLSelectElement).value).toBe('4')
    expect(wrapper.get('[data-testid="priority-select"]').text()).toContain('Normal (predeterminada)')

    await wrapper.get('[data-testid="send-submit"]').trigger('click')
    await flushPromises()
    expect(JSON.parse(String(postsTo(stub, '/api/v1/messages/12/play')[0]!.init.body))).toEqual({ targets: { all: true }, priority: 4 })
    expect(wrapper.get('[data-testid="send-sent"]').text()).toBe('Enviamos el mensaje a 2 parlantes.')

    await vi.waitFor(() => expect(statuses(wrapper)).toEqual(['played', 'played']))
    expect(wrapper.get('[data-testid="send-watch-state"]').text()).toBe('La entrega terminó.')
    expect(wrapper.get('[data-play-player="Patio de comidas"]').text()).toContain('Reproducido')
    const asked = stub.calls.filter((call) => call.url.pathname === '/api/v1/deliveries/40').length
    expect(asked).toBe(3)
    await new Promise((resolve) => setTimeout(resolve, 30))
    expect(stub.calls.filter((call) => call.url.pathname === '/api/v1/deliveries/40')).toHaveLength(asked)
    expect(wrapper.find('[data-testid="send-stop"]').exists()).toBe(false)
  })

  it('sends to chosen zones and players with an emergency, after warning about it', async () => {
    const stub = serve([['pending', 'pending']])
    const wrapper = await open()
    await wrapper.get('[data-testid="targets-choose"]').setValue(true)
    await wrapper.get('[data-testid="send-submit"]').trigger('click')
    expect(wrapper.get('[data-testid="targets-error"]').text()).toBe('Elige al menos una zona o un parlante.')
    expect(postsTo(stub, '/api/v1/messages/12/play')).toHaveLength(0)

    await wrapper.get('[data-zone="Nivel 1"] input').setValue(true)
    await wrapper.get('[data-player="Patio de comidas"] input').setValue(true)
    expect(wrapper.find('[data-testid="emergency-warning"]').exists()).toBe(false)
    await wrapper.get('[data-testid="priority-select"]').setValue('1')
    expect(wrapper.get('[data-testid="emergency-warning"]').text()).toContain('interrumpe de inmediato')
    await wrapper.get('[data-testid="send-submit"]').trigger('click')
    await flushPromises()
    expect(JSON.parse(String(postsTo(stub, '/api/v1/messages/12/play')[0]!.init.body))).toEqual({
      targets: { zones: ['Nivel 1'], player_ids: [1] },
      priority: 1,
    })
  })

  it('stops following after the watch time and can stop the announcement', async () => {
    const stub = serve([['pending', 'received']], { 'POST /api/v1/players/stop': () => new Response(null, { status: 204 }) })
    const wrapper = await open({ watchMs: 40 })
    await wrapper.get('[data-testid="send-submit"]').trigger('click')
    await flushPromises()
    await vi.waitFor(() => expect(wrapper.get('[data-testid="send-watch-state"]').text()).toContain('Dejamos de actualizar'))
    expect(statuses(wrapper)).toEqual(['pending', 'received'])

    await wrapper.get('[data-testid="send-stop"]').trigger('click')
    await flushPromises()
    expect(JSON.parse(String(postsTo(stub, '/api/v1/players/stop')[0]!.init.body))).toEqual({ targets: { all: true } })
    expect(wrapper.get('[data-testid="send-stopped"]').text()).toBe('Pedimos a los parlantes que detengan el anuncio.')
  })

  it('explains a refusal by its code', async () => {
    serve([['pending']], {
      'POST /api/v1/messages/12/play': () => jsonResponse({ error: { code: 'message_not_found', message: 'no such ready message' } }, 404),
    })
    const wrapper = await open()
    await wrapper.get('[data-testid="send-submit"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="send-error"]').text()).toBe('Ese mensaje ya no existe o todavía no está listo para sonar.')
    expect(wrapper.text()).not.toContain('no such ready message')
    expect(wrapper.find('[data-testid="send-result"]').exists()).toBe(false)
  })

  it('offers a retry when the speakers cannot be loaded', async () => {
    vi.stubGlobal('fetch', routeFetch({ 'GET /api/v1/players': () => jsonResponse({ error: { code: 'internal_error' } }, 500) }).fetchMock)
    const wrapper = await open()
    expect(wrapper.get('[data-testid="load-failed"]').text()).toContain('No pudimos cargar los parlantes.')
    expect(wrapper.get('[data-testid="send-submit"]').attributes('disabled')).toBeDefined()
  })
})
