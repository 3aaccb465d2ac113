import { describe, expect, it } from 'vitest'

import type { ScheduleRule } from '../api/onAir'
import { createAppI18n, type AppLocale } from '../i18n'
import { describeDays, describeRule, type RuleWords } from './ruleText'

function wordsFor(locale: AppLocale): RuleWords {
  const { t } = createAppI18n(locale).global
  return { t: (key, named) => t(key, named ?? {}), locale }
}

const spanish = wordsFor('es-CL')
const english = wordsFor('en')

describe('describeRule', () => {
  it.each<[string, ScheduleRule, string]>([
    ['a weekly rule with two days and two times', { kind: 'weekly', weekdays: ['sun', 'mon'], times: ['18:30', '09:00'] }, 'Lun y dom a las 09:00 y 18:30'],
    ['an interval on weekends', { kind: 'interval', every_minutes: 30, window_start: '10:00', window_end: '21:00', weekdays: ['sat', 'sun'] }, 'Cada 30 min de 10:00 a 21:00, sáb y dom'],
    ['a single play', { kind: 'once', at: '2026-12-24T18:30' }, 'Una vez el 24-12-2026 18:30'],
    ['a weekly rule on every day', { kind: 'weekly', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], times: ['12:00'] }, 'Todos los días a las 12:00'],
    ['three days in calendar order', { kind: 'weekly', weekdays: ['fri', 'mon', 'wed'], times: ['20:45'] }, 'Lun, mié y vie a las 20:45'],
    ['one o’clock in the singular', { kind: 'weekly', weekdays: ['tue'], times: ['01:00'] }, 'Mar a la 01:00'],
    ['date limits on both ends', { kind: 'weekly', weekdays: ['sat'], times: ['11:00'], start_date: '2026-12-01', end_date: '2026-12-31' }, 'Sáb a las 11:00, del 01-12-2026 al 31-12-2026'],
    ['only an end date', { kind: 'interval', every_minutes: 15, window_start: '09:00', window_end: '10:00', weekdays: ['mon'], end_date: '2027-01-06' }, 'Cada 15 min de 09:00 a 10:00, lun, hasta el 06-01-2027'],
    ['only a start date', { kind: 'weekly', weekdays: ['sun'], times: ['09:00'], start_date: '2026-11-29' }, 'Dom a las 09:00, desde el 29-11-2026'],
    ['working days as a range', { kind: 'weekly', weekdays: ['tue', 'mon', 'thu', 'wed', 'fri'], times: ['10:00'] }, 'De lun a vie a las 10:00'],
    ['an interval from Tuesday to Sunday', { kind: 'interval', every_minutes: 30, window_start: '10:00', window_end: '21:00', weekdays: ['tue', 'wed', 'thu', 'fri', 'sat', 'sun'] }, 'Cada 30 min de 10:00 a 21:00, de mar a dom'],
    ['days with a gap as a list', { kind: 'weekly', weekdays: ['mon', 'tue', 'thu'], times: ['10:00'] }, 'Lun, mar y jue a las 10:00'],
    ['a single play with seconds in its time', { kind: 'once', at: '2026-12-24T18:30:00' }, 'Una vez el 24-12-2026 18:30'],
  ])('describes %s in Spanish', (_name, rule, expected) => {
    expect(describeRule(rule, spanish)).toBe(expected)
  })

  it.each<[ScheduleRule, string]>([
    [{ kind: 'weekly', weekdays: ['mon', 'sun'], times: ['09:00', '18:30'] }, 'Mon and Sun at 09:00 and 18:30'],
    [{ kind: 'interval', every_minutes: 30, window_start: '10:00', window_end: '21:00', weekdays: ['sat', 'sun'] }, 'Every 30 min from 10:00 to 21:00, Sat and Sun'],
    [{ kind: 'once', at: '2026-12-24T18:30' }, 'Once on Dec 24, 2026 at 18:30'],
    [{ kind: 'weekly', weekdays: ['mon', 'tue', 'wed', 'thu', 'fri'], times: ['08:00'] }, 'Mon to Fri at 08:00'],
  ])('describes %o in English', (rule, expected) => {
    expect(describeRule(rule, english)).toBe(expected)
  })

  it('ignores day names it does not know', () => {
    expect(describeDays(['sun', 'funday', 'mon'], spanish)).toBe('lun y dom')
  })
})
