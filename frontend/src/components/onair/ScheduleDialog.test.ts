import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import type { Schedule } from '../../api/onAir'
import { jsonResponse, meAs, routeFetch } from '../../test-support/fixtures'
import { mountInShell } from '../../test-support/mount'
import { entrada, patio, zonesOf } from '../../test-support/onAir'
import ScheduleDialog from './ScheduleDialog.vue'

const mounted: { unmount: () => void }[] = []

afterEach(() => {
  mounted.splice(0).forEach((wrapper) => wrapper.unmount())
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const players = [patio, entrada]

function serve(extra: Parameters<typeof routeFetch>[0] = {}) {
  const stub = routeFetch({
    'GET /api/v1/players': () => jsonResponse({ players, offline_after_seconds: 60 }),
    'GET /api/v1/zones': () => jsonResponse({ zones: zonesOf(players) }),
    'POST /api/v1/schedules': (init) => jsonResponse({ id: 8, message_name: 'Cierre', paused: false, ...JSON.parse(String(init.body)) }, 201),
    ...extra,
  })
  vi.stubGlobal('fetch', stub.fetchMock)
  return stub
}

async function open(props: Record<string, unknown> = {}) {
  const { wrapper } = await mountInShell(ScheduleDialog, {
    me: meAs('editor'),
    props: { message: { id: 12, name: 'Cierre' }, timezone: 'America/Santiago', ...props },
  })
  mounted.push(wrapper)
  await flushPromises()
  return wrapper
}

type Wrapper = Awaited<ReturnType<typeof open>>
const sentBody = (stub: ReturnType<typeof serve>, method = 'POST') =>
  JSON.parse(String(stub.calls.find((call) => call.method === method && call.url.pathname.startsWith('/api/v1/schedules'))!.init.body))

async function chooseDays(wrapper: Wrapper, keep: string[]) {
  for (const day of ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']) {
    const button = wrapper.get(`[data-weekday="${day}"]`)
    const pressed = button.attributes('aria-pressed') === 'true'
    if (pressed !== keep.includes(day)) await button.trigger('click')
  }
}

describe('ScheduleDialog', () => {
  it('schedules a message on days and times, naming days as the API does', async () => {
    const stub = serve()
    const wrapper = await open({ confirmInPlace: true })
    await wrapper.get('[data-testid="schedule-kind-weekly"]').trigger('click')
    expect(wrapper.get('[data-testid="schedule-kind-weekly"]').attributes('aria-selected')).toBe('true')
    expect(wrapper.get('[data-weekday="mon"]').text()).toBe('lun')
    expect(wrapper.get('[data-weekday="mon"]').attributes('aria-label')).toBe('lunes')

    await wrapper.get('[data-testid="schedule-new-time"]').setValue('18:30')
    await wrapper.get('[data-testid="schedule-add-time"]').trigger('click')
    await wrapper.get('[data-testid="schedule-new-time"]').setValue('09:00')
    await wrapper.get('[data-testid="schedule-add-time"]').trigger('click')
    expect(wrapper.get('[data-testid="schedule-form"]').text()).toContain('Esa hora ya está en la lista.')
    expect(wrapper.findAll('[data-time]').map((chip) => chip.attributes('data-time'))).toEqual(['09:00', '18:30'])

    await chooseDays(wrapper, ['mon', 'sun'])
    expect(wrapper.get('[data-testid="schedule-summary"]').text()).toBe('Resumen: Lun y dom a las 09:00 y 18:30')
    await wrapper.get('[data-testid="schedule-form"]').trigger('submit')
    await flushPromises()

    expect(sentBody(stub)).toEqual({
      message_id: 12, kind: 'weekly', times: ['09:00', '18:30'], weekdays: ['mon', 'sun'], priority: 4, targets: { all: true },
    })
    expect(wrapper.get('[data-testid="schedule-done"]').text()).toContain('Programamos «Cierre»: Lun y dom a las 09:00 y 18:30.')
  })

  it('checks the form before sending', async () => {
    const stub = serve()
    const wrapper = await open()
    await wrapper.get('[data-testid="schedule-kind-interval"]').trigger('click')
    await chooseDays(wrapper, [])
    await wrapper.get('[data-testid="schedule-window-end"]').setValue('09:00')
    await wrapper.get('[data-testid="schedule-form"]').trigger('submit')
    const text = wrapper.get('[data-testid="schedule-form"]').text()
    expect(text).toContain('Elige al menos un día.')
    expect(text).toContain('La hora de término debe ser posterior a la de inicio.')
    expect(wrapper.get('[data-testid="schedule-error"]').text()).toBe('Revisa los campos marcados.')
    expect(stub.calls.some((call) => call.method === 'POST')).toBe(false)
  })

  it('shows the server’s invalid_schedule details under their fields, in Spanish', async () => {
    serve({
      'POST /api/v1/schedules': () =>
        jsonResponse(
          { error: { code: 'invalid_schedule', message: 'the schedule is not valid', details: { at: 'must be a local date and time', targets: 'unknown zone' } } },
          422,
        ),
    })
    const wrapper = await open()
    await wrapper.get('[data-testid="schedule-at"]').setValue('2026-12-24T18:30')
    await wrapper.get('[data-testid="schedule-form"]').trigger('submit')
    await flushPromises()
    const text = wrapper.get('[data-testid="schedule-form"]').text()
    expect(text).toContain('Elige una fecha y hora válidas.')
    expect(wrapper.get('[data-testid="targets-error"]').text()).toBe('Elige todos los parlantes, o al menos una zona o un parlante.')
    expect(text).not.toContain('must be')
    expect(wrapper.get('[data-testid="schedule-at"]').attributes('aria-invalid')).toBe('true')
  })

  it('edits a schedule by sending the whole rule', async () => {
    const schedule = {
      id: 5, message_id: 12, message_name: 'Cierre', name: 'Tardes', kind: 'interval', every_minutes: 45, window_start: '15:00',
      window_end: '19:00', weekdays: ['sat'], end_date: '2026-12-31', priority: 3, targets: { zones: ['Nivel 2'] }, paused: false,
    } as unknown as Schedule
    const stub = serve({ 'PATCH /api/v1/schedules/5': (init) => jsonResponse({ ...schedule, ...JSON.parse(String(init.body)) }) })
    const wrapper = await open({ schedule })
    expect(wrapper.text()).toContain('Editar programación de «Cierre»')
    expect((wrapper.get('[data-testid="schedule-every"]').element as HTMLInputElement).value).toBe('45')
    await wrapper.get('[data-testid="schedule-every"]').setValue('20')
    await wrapper.get('[data-testid="schedule-form"]').trigger('submit')
    await flushPromises()
    expect(sentBody(stub, 'PATCH')).toEqual({
      message_id: 12, name: 'Tardes', kind: 'interval', every_minutes: 20, window_start: '15:00', window_end: '19:00',
      weekdays: ['sat'], end_date: '2026-12-31', priority: 3, targets: { zones: ['Nivel 2'] },
    })
    expect(wrapper.emitted('saved')![0]![1]).toBe(false)
  })
})
