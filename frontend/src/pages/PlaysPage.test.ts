import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import type { Play, PlayStatus } from '../api/onAir'
import { jsonResponse, meAs, routeFetch } from '../test-support/fixtures'
import { mountRoute } from '../test-support/mount'
import { entrada, patio, zonesOf } from '../test-support/onAir'

const mounted: { unmount: () => void }[] = []

afterEach(() => {
  mounted.splice(0).forEach((wrapper) => wrapper.unmount())
  vi.useRealTimers()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const statuses: PlayStatus[] = ['played', 'failed', 'interrupted', 'skipped', 'missed', 'pending']

function playOf(id: number, status: PlayStatus): Play {
  return {
    id, delivery_id: 1, message_id: 12, message_name: `Aviso ${id}`, player_id: 1, player_name: 'Patio de comidas', zone: id === 1 ? '' : 'Nivel 2',
    source: id % 2 ? 'manual' : 'schedule', schedule_id: null, priority: 4, status, requested_at: '2026-12-03T21:30:00Z',
    received_at: null, started_at: '2026-12-03T21:30:02Z', finished_at: null, error: '',
  }
}

function serve(total = 6) {
  const stub = routeFetch({
    'GET /api/v1/plays': (_init, url) =>
      jsonResponse({ plays: statuses.map((status, i) => playOf(i + 1, status)), total, page: Number(url.searchParams.get('page')), per_page: 50, timezone: 'America/Santiago' }),
    'GET /api/v1/players': () => jsonResponse({ players: [patio, entrada], offline_after_seconds: 60 }),
    'GET /api/v1/zones': () => jsonResponse({ zones: zonesOf([patio, entrada]) }),
  })
  vi.stubGlobal('fetch', stub.fetchMock)
  return stub
}

async function open(role = 'operator') {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2026-12-04T01:00:00Z'))
  const { wrapper } = await mountRoute('/reproducciones', { me: meAs(role) })
  mounted.push(wrapper)
  await flushPromises()
  return wrapper
}

const playQueries = (stub: ReturnType<typeof serve>) =>
  stub.calls.filter((call) => call.url.pathname === '/api/v1/plays').map((call) => Object.fromEntries(call.url.searchParams))

describe('PlaysPage', () => {
  it('opens on the last seven days in the tenant zone, with statuses in their colours', async () => {
    const stub = serve()
    const wrapper = await open()
    // 01:00 UTC on the 4th is still the 3rd in Santiago.
    expect(playQueries(stub)).toEqual([{ from: '2026-11-27', to: '2026-12-03', page: '1', per_page: '50' }])
    expect(wrapper.get('[data-testid="plays-export"]').attributes('href')).toBe('/api/v1/plays/export?from=2026-11-27&to=2026-12-03')
    expect(wrapper.findAll('[data-testid="play-status"]').map((badge) => [badge.attributes('data-status'), badge.text(), badge.classes().find((c) => c.startsWith('bg-'))])).toEqual([
      ['played', 'Reproducido', 'bg-ok-soft'],
      ['failed', 'Falló', 'bg-fail-soft'],
      ['interrupted', 'Interrumpido', 'bg-warn-soft'],
      ['skipped', 'Omitido', 'bg-surface-muted'],
      ['missed', 'Perdido', 'bg-purple-100'],
      ['pending', 'Pendiente', 'bg-blue-100'],
    ])
    const first = wrapper.get('[data-play="1"]')
    expect(first.text()).toContain('Aviso 1')
    expect(first.text()).toContain('Sin zona')
    expect(first.text()).toContain('Manual')
    expect(wrapper.get('[data-play="2"]').text()).toContain('Programado')
    expect(first.text()).toContain('03-12-2026, 18:30:00')
    expect(first.text()).toContain('03-12-2026, 18:30:02')
    expect(wrapper.get('[data-testid="plays-timezone"]').text()).toBe('Horas de America/Santiago')
  })

  it('filters by player, zone, source and status, and exports the same filters', async () => {
    const stub = serve(120)
    const wrapper = await open()
    await wrapper.get('[data-testid="plays-from"]').setValue('2026-12-01')
    await wrapper.get('[data-testid="plays-to"]').setValue('2026-12-02')
    await wrapper.get('[data-testid="plays-player"]').setValue('2')
    await wrapper.get('[data-testid="plays-zone"]').setValue('Nivel 1')
    await wrapper.get('[data-testid="plays-source"]').setValue('schedule')
    await wrapper.get('[data-testid="plays-status"]').setValue('missed')
    await wrapper.get('[data-testid="plays-filters"]').trigger('submit')
    await flushPromises()

    expect(playQueries(stub).at(-1)).toEqual({
      from: '2026-12-01', to: '2026-12-02', player_id: '2', zone: 'Nivel 1', source: 'schedule', status: 'missed', page: '1', per_page: '50',
    })
    expect(wrapper.get('[data-testid="plays-export"]').attributes('href')).toBe(
      '/api/v1/plays/export?from=2026-12-01&to=2026-12-02&player_id=2&zone=Nivel+1&source=schedule&status=missed',
    )

    await wrapper.get('[data-testid="pagination-next"]').trigger('click')
    await flushPromises()
    expect(playQueries(stub).at(-1)).toMatchObject({ page: '2', status: 'missed' })
    expect(wrapper.get('[data-testid="plays-export"]').attributes('href')).not.toContain('page')

    await wrapper.get('[data-testid="plays-reset"]').trigger('click')
    await flushPromises()
    expect(playQueries(stub).at(-1)).toEqual({ from: '2026-11-27', to: '2026-12-03', page: '1', per_page: '50' })
  })

  it('refuses a reversed range without asking the server', async () => {
    const stub = serve()
    const wrapper = await open()
    await wrapper.get('[data-testid="plays-from"]').setValue('2026-12-05')
    await wrapper.get('[data-testid="plays-to"]').setValue('2026-12-01')
    await wrapper.get('[data-testid="plays-filters"]').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="plays-range-error"]').text()).toBe('La fecha «Hasta» no puede ser anterior a «Desde».')
    expect(playQueries(stub)).toHaveLength(1)
  })

  it('explains an empty result and a failure', async () => {
    vi.stubGlobal('fetch', routeFetch({
      'GET /api/v1/plays': () => jsonResponse({ plays: [], total: 0, page: 1, per_page: 50, timezone: 'America/Santiago' }),
    }).fetchMock)
    expect((await open()).get('[data-testid="empty-state"]').text()).toContain('No hay reproducciones con estos filtros')
    mounted.splice(0).forEach((wrapper) => wrapper.unmount())
    document.body.innerHTML = ''
    vi.stubGlobal('fetch', routeFetch({
      'GET /api/v1/plays': () => jsonResponse({ error: { code: 'invalid_query', message: 'per_page goes from 1 to 500' } }, 422),
    }).fetchMock)
    expect((await open()).get('[data-testid="load-failed"]').text()).toContain('No pudimos cargar el registro.')
  })
})
