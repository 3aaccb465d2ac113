import { describe, expect, it } from 'vitest'

import { isWeekday, sortWeekdays, toggleWeekday, weekdayOfDate, weekdayOfJsDay, weekdays } from './weekdays'

describe('weekdays', () => {
  it('names the days as the API does, Monday first', () => {
    expect(weekdays).toEqual(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])
  })

  it.each([
    [0, 'sun'], [1, 'mon'], [2, 'tue'], [3, 'wed'], [4, 'thu'], [5, 'fri'], [6, 'sat'],
  ])('maps Date.getDay() %i to %s', (day, name) => {
    expect(weekdayOfJsDay(day)).toBe(name)
  })

  it.each([
    ['2026-12-24', 'thu'],
    ['2026-02-01', 'sun'],
    ['2026-09-06', 'sun'],
    ['2024-02-29', 'thu'],
    ['2027-01-04', 'mon'],
  ])('finds the day of %s', (date, name) => {
    expect(weekdayOfDate(date)).toBe(name)
  })

  it('toggles days, keeping them in calendar order and as names, never numbers', () => {
    let days = toggleWeekday([], 'sun')
    days = toggleWeekday(days, 'wed')
    days = toggleWeekday(days, 'mon')
    expect(days).toEqual(['mon', 'wed', 'sun'])
    expect(days.every((day) => typeof day === 'string')).toBe(true)
    expect(toggleWeekday(days, 'wed')).toEqual(['mon', 'sun'])
  })

  it('sorts, de-duplicates and drops unknown names', () => {
    expect(sortWeekdays(['sun', 'fri', 'sun', 'Mon', 1, 'sat'])).toEqual(['fri', 'sat', 'sun'])
    expect(isWeekday('sat')).toBe(true)
    expect(isWeekday(6)).toBe(false)
    expect(isWeekday('sábado')).toBe(false)
  })
})
