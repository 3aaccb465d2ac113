import { describe, expect, it } from 'vitest'

import type { Schedule } from '../api/onAir'
import { checkScheduleForm, newScheduleForm, scheduleFormFrom, scheduleInput } from './scheduleForm'

const today = '2026-12-03'

describe('schedule form', () => {
  it('starts as a single play tomorrow at 09:00 on every speaker', () => {
    const form = newScheduleForm(today)
    expect(form).toMatchObject({ kind: 'once', at: '2026-12-04T09:00', priority: 4, targets: { all: true } })
    expect(checkScheduleForm(form)).toEqual({})
  })

  it('sends only the fields of the chosen kind', () => {
    const form = { ...newScheduleForm(today), name: '  Cierre ', start_date: '2026-12-01' }
    expect(scheduleInput(form, 12)).toEqual({ message_id: 12, name: 'Cierre', kind: 'once', at: '2026-12-04T09:00', priority: 4, targets: { all: true } })

    form.kind = 'weekly'
    form.times = ['18:30', '09:00', '18:30']
    form.weekdays = ['sun', 'mon']
    form.targets = { zones: ['Nivel 2'], player_ids: [] }
    expect(scheduleInput(form, 12)).toEqual({
      message_id: 12, name: 'Cierre', kind: 'weekly', times: ['09:00', '18:30'], weekdays: ['mon', 'sun'],
      start_date: '2026-12-01', priority: 4, targets: { zones: ['Nivel 2'] },
    })

    form.kind = 'interval'
    form.priority = 2
    expect(scheduleInput(form, 12)).toEqual({
      message_id: 12, name: 'Cierre', kind: 'interval', every_minutes: 30, window_start: '10:00', window_end: '21:00',
      weekdays: ['mon', 'sun'], start_date: '2026-12-01', priority: 2, targets: { zones: ['Nivel 2'] },
    })
  })

  it.each([
    ['a missing date and time', { kind: 'once', at: '' }, { at: 'onAir.schedule.required.at' }],
    ['an impossible date', { kind: 'once', at: '2026-02-30T10:00' }, { at: 'onAir.schedule.required.at' }],
    ['no times', { kind: 'weekly', times: [] }, { times: 'onAir.schedule.required.times' }],
    ['no days', { kind: 'weekly', weekdays: [] }, { weekdays: 'onAir.schedule.required.weekdays' }],
    ['a window that ends before it starts', { kind: 'interval', window_start: '21:00', window_end: '10:00' }, { window_end: 'onAir.schedule.required.windowOrder' }],
    ['too long an interval', { kind: 'interval', every_minutes: 721 }, { every_minutes: 'onAir.schedule.required.everyMinutes' }],
    ['reversed dates', { kind: 'weekly', start_date: '2026-12-31', end_date: '2026-12-01' }, { end_date: 'onAir.schedule.required.dateOrder' }],
    ['no speakers', { targets: { zones: [], player_ids: [] } }, { targets: 'onAir.targets.required' }],
  ] as const)('refuses %s', (_name, changes, problems) => {
    expect(checkScheduleForm({ ...newScheduleForm(today), ...changes } as never)).toEqual(problems)
  })

  it('fills the form from a stored schedule', () => {
    const stored = {
      id: 3, message_id: 12, message_name: 'Cierre', name: '', kind: 'interval', every_minutes: 15, window_start: '09:00',
      window_end: '12:00', weekdays: ['sun', 'sat'], priority: 5, targets: { player_ids: [7] }, paused: false,
    } as unknown as Schedule
    const form = scheduleFormFrom(stored, today)
    expect(form).toMatchObject({ kind: 'interval', every_minutes: 15, window_start: '09:00', window_end: '12:00', weekdays: ['sat', 'sun'], priority: 5, targets: { player_ids: [7] } })
    expect(scheduleInput(form, 12)).toMatchObject({ kind: 'interval', weekdays: ['sat', 'sun'], targets: { player_ids: [7] } })
  })
})
