import { afterEach, describe, expect, it } from 'vitest'

import type { Occurrence } from '../api/onAir'
import { buildMonthGrid, buildWeek, groupByDay, monthRange, visibleItems, weekRange } from './calendar'
import { addDays, todayIn } from './dates'

const originalTz = process.env.TZ

afterEach(() => {
  process.env.TZ = originalTz
})

function occurrence(local: string, at: string, extra: Partial<Occurrence> = {}): Occurrence {
  return { schedule_id: 1, message_id: 12, title: 'Cierre', priority: 4, targets: { all: true }, paused: false, at, local, ...extra }
}

const dates = (grid: ReturnType<typeof buildMonthGrid>) => grid.weeks.flat().map((day) => day.date)

// The grid must not depend on the browser's zone, including zones whose
// clocks jump at midnight, as Santiago's do.
const zones = ['UTC', 'America/Santiago', 'Pacific/Auckland', 'America/New_York']

describe('buildMonthGrid', () => {
  it.each(zones)('starts a month that begins on Sunday with six days of the month before (TZ=%s)', (zone) => {
    process.env.TZ = zone
    const grid = buildMonthGrid('2026-02-10', [])
    expect(grid.from).toBe('2026-01-26')
    expect(grid.to).toBe('2026-03-01')
    expect(grid.weeks).toHaveLength(5)
    expect(grid.weeks[0]!.map((day) => [day.date.slice(5), day.inMonth])).toEqual([
      ['01-26', false], ['01-27', false], ['01-28', false], ['01-29', false], ['01-30', false], ['01-31', false], ['02-01', true],
    ])
    expect(grid.weeks[4]!.at(-1)).toMatchObject({ date: '2026-03-01', inMonth: false })
  })

  it.each([
    ['a month that starts on Monday and fills four weeks', '2027-02-01', '2027-02-01', '2027-02-28', 4],
    ['a month that starts on Monday', '2026-06-15', '2026-06-01', '2026-07-05', 5],
    ['a month that needs six weeks', '2026-08-31', '2026-07-27', '2026-09-06', 6],
    ['a leap February', '2024-02-29', '2024-01-29', '2024-03-03', 5],
  ])('lays out %s', (_name, month, from, to, weeks) => {
    const grid = buildMonthGrid(month, [])
    expect([grid.from, grid.to, grid.weeks.length]).toEqual([from, to, weeks])
    expect(grid.weeks.every((week) => week.length === 7)).toBe(true)
  })

  it.each(zones)('keeps every day once across the daylight saving changes (TZ=%s)', (zone) => {
    process.env.TZ = zone
    for (const month of ['2026-04-01', '2026-09-01', '2026-03-01', '2026-10-01', '2026-11-01']) {
      const all = dates(buildMonthGrid(month, []))
      expect(new Set(all).size).toBe(all.length)
      all.forEach((date, i) => i > 0 && expect(date).toBe(addDays(all[i - 1]!, 1)))
      expect(monthRange(month)).toEqual({ from: all[0], to: all.at(-1) })
    }
  })

  it('places occurrences on the local day written in them, around the changes of time', () => {
    process.env.TZ = 'Asia/Tokyo'
    const occurrences = [
      // Santiago's clocks go back at midnight between 4 and 5 April 2026:
      // 23:30 happens twice, and each is an instant of its own.
      occurrence('2026-04-04T23:30:00-04:00', '2026-04-05T03:30:00Z', { schedule_id: 2, title: 'Segunda vez' }),
      occurrence('2026-04-04T23:30:00-03:00', '2026-04-05T02:30:00Z', { schedule_id: 1, title: 'Primera vez' }),
      // They jump forward at midnight between 5 and 6 September: 00:30 does not exist.
      occurrence('2026-09-06T01:30:00-03:00', '2026-09-06T04:30:00Z'),
      occurrence('2026-09-05T23:45:00-04:00', '2026-09-06T03:45:00Z'),
      // Late evening locally is already the next day in UTC.
      occurrence('2026-04-24T22:30:00-04:00', '2026-04-25T02:30:00Z'),
    ]
    const april = buildMonthGrid('2026-04-01', occurrences).weeks.flat()
    expect(april.find((day) => day.date === '2026-04-04')!.items.map((item) => item.title)).toEqual(['Primera vez', 'Segunda vez'])
    expect(april.find((day) => day.date === '2026-04-05')!.items).toEqual([])
    expect(april.find((day) => day.date === '2026-04-24')!.items.map((item) => item.time)).toEqual(['22:30'])
    expect(april.find((day) => day.date === '2026-04-25')!.items).toEqual([])

    const september = buildMonthGrid('2026-09-01', occurrences).weeks.flat()
    expect(september.find((day) => day.date === '2026-09-05')!.items.map((item) => item.time)).toEqual(['23:45'])
    expect(september.find((day) => day.date === '2026-09-06')!.items.map((item) => item.time)).toEqual(['01:30'])
  })

  it('marks today and shows three items per day plus how many more', () => {
    const times = ['18:00', '09:00', '12:30', '08:15', '21:00']
    const grid = buildMonthGrid('2026-12-01', times.map((time) => occurrence(`2026-12-24T${time}:00-03:00`, `2026-12-24T${time}:00Z`)), '2026-12-24')
    const day = grid.weeks.flat().find((candidate) => candidate.date === '2026-12-24')!
    expect(day.isToday).toBe(true)
    expect(grid.weeks.flat().filter((candidate) => candidate.isToday)).toHaveLength(1)
    expect(day.items.map((item) => item.time)).toEqual(['08:15', '09:00', '12:30', '18:00', '21:00'])
    const { shown, more } = visibleItems(day)
    expect(shown.map((item) => item.time)).toEqual(['08:15', '09:00', '12:30'])
    expect(more).toBe(2)
  })

  it('skips occurrences without a readable local time', () => {
    expect([...groupByDay([occurrence('', '2026-12-24T10:00:00Z'), occurrence('ayer', 'x')]).keys()]).toEqual([])
  })
})

describe('buildWeek', () => {
  it('shows Monday to Sunday of the week that holds the date, across a month end', () => {
    expect(weekRange('2026-12-31')).toEqual({ from: '2026-12-28', to: '2027-01-03' })
    const week = buildWeek('2027-01-03', [occurrence('2027-01-01T00:00:00-03:00', '2027-01-01T03:00:00Z')], '2026-12-30')
    expect(week.map((day) => day.date)).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03'])
    expect(week.every((day) => day.inMonth)).toBe(true)
    expect(week[2]!.isToday).toBe(true)
    expect(week[4]!.items.map((item) => item.time)).toEqual(['00:00'])
  })
})

describe('todayIn', () => {
  it('reads the date in the tenant zone, not the browser’s', () => {
    const instant = new Date('2026-12-25T02:00:00Z')
    expect(todayIn('America/Santiago', instant)).toBe('2026-12-24')
    expect(todayIn('Asia/Tokyo', instant)).toBe('2026-12-25')
  })
})
