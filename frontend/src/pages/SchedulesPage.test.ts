import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import type { Occurrence, Schedule } from '../api/onAir'
import { jsonResponse, meAs, routeFetch } from '../test-support/fixtures'
import { mountRoute } from '../test-support/mount'
import { entrada, patio } from '../test-support/onAir'

const mounted: { unmount: () => void }[] = []

afterEach(() => {
  mounted.splice(0).forEach((wrapper) => wrapper.unmount())
  vi.useRealTimers()
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

function scheduleOf(id: number, name: string, extra: Partial<Schedule>): Schedule {
  return {
    id, message_id: 10 + id, message_name: name, name: '', kind: 'weekly', times: ['09:00'], weekdays: ['mon'], priority: 4,
    targets: { all: true }, paused: false, next_run_at: '2026-12-28T12:00:00Z', next_run_local: '2026-12-28T09:00:00-03:00',
    last_run_at: null, created_at: '2026-12-01T12:00:00Z', updated_at: '2026-12-01T12:00:00Z', ...extra,
  }
}

const closing = scheduleOf(1, 'Cierre de tiendas', { times: ['18:30', '09:00'], weekdays: ['mon', 'sun'], next_run_local: '2026-12-27T09:00:00-03:00', next_run_at: '2026-12-27T12:00:00Z' })
const offers = scheduleOf(2, 'Ofertas', {
  kind: 'interval', times: undefined, every_minutes: 30, window_start: '10:00', window_end: '21:00', weekdays: ['sat', 'sun'],
  priority: 2, targets: { zones: ['Nivel 2'], player_ids: [2] }, paused: true,
})
const christmas = scheduleOf(3, 'Navidad', { kind: 'once', at: '2026-12-24T18:30', times: undefined, weekdays: undefined, priority: 1, next_run_local: '2026-12-24T18:30:00-03:00', next_run_at: '2026-12-24T21:30:00Z' })

function occurrence(scheduleId: number, title: string, local: string, extra: Partial<Occurrence> = {}): Occurrence {
  return { schedule_id: scheduleId, message_id: 10, title, priority: 4, targets: { all: true }, paused: false, at: `${local.slice(0, 16)}:00Z`, local, ...extra }
}

function serve(extra: Parameters<typeof routeFetch>[0] = {}) {
  const stub = routeFetch({
    'GET /api/v1/schedules': () => jsonResponse({ schedules: [offers, closing, christmas], timezone: 'America/Santiago' }),
    'GET /api/v1/players': () => jsonResponse({ players: [patio, entrada], offline_after_seconds: 60 }),
    'GET /api/v1/calendar': () =>
      jsonResponse({
        timezone: 'America/Santiago',
        occurrences: [
          occurrence(3, 'Navidad', '2026-12-24T18:30:00-03:00', { priority: 1 }),
          occurrence(1, 'Cierre de tiendas', '2026-12-24T09:00:00-03:00'),
          occurrence(2, 'Ofertas', '2026-12-24T10:00:00-03:00', { paused: true }),
          occurrence(2, 'Ofertas', '2026-12-24T10:30:00-03:00', { paused: true }),
          occurrence(1, 'Cierre de tiendas', '2026-12-27T21:30:00-03:00'),
        ],
      }),
    ...extra,
  })
  vi.stubGlobal('fetch', stub.fetchMock)
  return stub
}

async function open(path = '/programacion', role = 'editor') {
  // 02:00 UTC on the 25th is still the evening of the 24th in Santiago.
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2026-12-25T02:00:00Z'))
  const mountedRoute = await mountRoute(path, { me: meAs(role) })
  mounted.push(mountedRoute.wrapper)
  await flushPromises()
  return mountedRoute
}

const calendarQueries = (stub: ReturnType<typeof serve>) =>
  stub.calls.filter((call) => call.url.pathname === '/api/v1/calendar').map((call) => Object.fromEntries(call.url.searchParams))

describe('SchedulesPage', () => {
  it('lists every schedule with its rule in words, next run, targets, priority and state', async () => {
    serve()
    const { wrapper } = await open()
    const rows = wrapper.findAll('[data-testid="schedules-table"] tbody tr')
    expect(rows.map((row) => row.attributes('data-schedule'))).toEqual(['Navidad', 'Cierre de tiendas', 'Ofertas'])
    expect(rows.map((row) => row.get('[data-testid="schedule-rule"]').text())).toEqual([
      'Una vez el 24-12-2026 18:30',
      'Lun y dom a las 09:00 y 18:30',
      'Cada 30 min de 10:00 a 21:00, sáb y dom',
    ])
    expect(rows[1]!.get('[data-testid="schedule-next"]').text()).toBe('27-12-2026 09:00')
    expect(rows[1]!.text()).toContain('Todos los parlantes')
    expect(rows[2]!.text()).toContain('Zonas: Nivel 2 · Parlantes: Entrada norte')
    expect(rows[2]!.get('[data-testid="schedule-paused"]').text()).toBe('Pausada')
    expect(rows[0]!.get('[data-priority]').text()).toBe('Emergencia')
    expect(rows[2]!.get('[data-priority]').text()).toBe('Urgente')
    expect(wrapper.get('[data-testid="schedules-timezone"]').text()).toBe('Horas de America/Santiago')
  })

  it('pauses, resumes and deletes schedules', async () => {
    const stub = serve({
      'POST /api/v1/schedules/1/pause': () => jsonResponse({ ...closing, paused: true, next_run_at: null, next_run_local: null }),
      'POST /api/v1/schedules/2/resume': () => jsonResponse({ ...offers, paused: false }),
      'DELETE /api/v1/schedules/3': () => new Response(null, { status: 204 }),
    })
    const { wrapper } = await open()
    await wrapper.get('[data-schedule="Cierre de tiendas"] [data-testid="schedule-toggle"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="schedules-notice"]').text()).toBe('Pausamos la programación de «Cierre de tiendas».')
    expect(wrapper.find('[data-schedule="Cierre de tiendas"] [data-testid="schedule-paused"]').exists()).toBe(true)

    await wrapper.get('[data-schedule="Ofertas"] [data-testid="schedule-toggle"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="schedules-notice"]').text()).toBe('Reanudamos la programación de «Ofertas».')

    await wrapper.get('[data-schedule="Navidad"] [data-testid="schedule-delete"]').trigger('click')
    expect(stub.calls.some((call) => call.method === 'DELETE')).toBe(false)
    await wrapper.get('[data-testid="confirm-button"]').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-schedule="Navidad"]').exists()).toBe(false)
    expect(stub.calls.filter((call) => call.method === 'POST').map((call) => call.url.pathname)).toEqual([
      '/api/v1/schedules/1/pause', '/api/v1/schedules/2/resume',
    ])
  })

  it('shows the week of today in the tenant zone with each day in time order', async () => {
    const stub = serve()
    const { wrapper } = await open('/programacion?vista=semana')
    expect(calendarQueries(stub)).toEqual([{ from: '2026-12-21', to: '2026-12-27' }])
    expect(wrapper.get('[data-testid="calendar-title"]').text()).toBe('Semana del 21-12-2026 al 27-12-2026')
    const christmasEve = wrapper.get('[data-testid="week-calendar"] [data-date="2026-12-24"]')
    expect(christmasEve.attributes('aria-current') ?? christmasEve.get('h3').attributes('aria-current')).toBe('date')
    expect(christmasEve.findAll('[data-testid="calendar-item"]').map((item) => item.text().slice(0, 5))).toEqual(['09:00', '10:00', '10:30', '18:30'])
    expect(christmasEve.findAll('[data-paused="true"]')).toHaveLength(2)
    // 21:30 on the 27th local is already the 28th in UTC: it stays on the 27th.
    expect(wrapper.get('[data-date="2026-12-27"]').text()).toContain('21:30')

    await wrapper.get('[data-testid="calendar-next"]').trigger('click')
    await flushPromises()
    expect(calendarQueries(stub).at(-1)).toEqual({ from: '2026-12-28', to: '2027-01-03' })
    await wrapper.get('[data-testid="calendar-today"]').trigger('click')
    await flushPromises()
    expect(calendarQueries(stub).at(-1)).toEqual({ from: '2026-12-21', to: '2026-12-27' })
  })

  it('shows the month with three items a day and opens the week for the rest', async () => {
    const stub = serve()
    const { wrapper, router } = await open('/programacion?vista=mes')
    expect(calendarQueries(stub)).toEqual([{ from: '2026-11-30', to: '2027-01-03' }])
    expect(wrapper.get('[data-testid="calendar-title"]').text()).toBe('diciembre de 2026')
    expect(wrapper.findAll('[data-testid="month-calendar"] tbody tr')).toHaveLength(5)
    const day = wrapper.get('[data-testid="month-calendar"] [data-date="2026-12-24"]')
    expect(day.findAll('[data-testid="calendar-item"]')).toHaveLength(3)
    expect(day.get('[data-testid="calendar-more"]').text()).toBe('+1 más')

    await day.get('[data-testid="calendar-more"]').trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.query.vista).toBe('semana')
    expect(wrapper.get('[data-date="2026-12-24"]').findAll('[data-testid="calendar-item"]')).toHaveLength(4)

    await wrapper.get('[data-testid="schedules-tab-month"]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid="calendar-previous"]').trigger('click')
    await flushPromises()
    expect(calendarQueries(stub).at(-1)).toEqual({ from: '2026-10-26', to: '2026-12-06' })
  })

  it('lets a viewer read the schedule without changing it', async () => {
    serve()
    const { wrapper } = await open('/programacion', 'viewer')
    expect(wrapper.find('[data-schedule="Ofertas"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="schedule-toggle"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="schedule-edit"]').exists()).toBe(false)
  })

  it('says how to start when there are no schedules', async () => {
    serve({ 'GET /api/v1/schedules': () => jsonResponse({ schedules: [], timezone: 'America/Santiago' }) })
    const { wrapper } = await open()
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('Todavía no hay programaciones')
    expect(wrapper.get('[data-testid="empty-state"] a').attributes('href')).toBe('/biblioteca')
  })
})
