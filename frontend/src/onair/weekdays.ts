// The days of the week as the API names them ("mon" to "sun"), in the
// order a Chilean calendar shows them: Monday first.

import type { Weekday } from '../api/onAir'
import { mondayIndex } from './dates'

/** weekdays lists the API's day names from Monday to Sunday. */
export const weekdays: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']

/** isWeekday tells whether value is one of the API's day names. */
export function isWeekday(value: unknown): value is Weekday {
  return typeof value === 'string' && (weekdays as readonly string[]).includes(value)
}

/** weekdayOfJsDay maps Date.getDay()'s number (0 = Sunday) to the API's name. */
export function weekdayOfJsDay(day: number): Weekday {
  return weekdays[(((day + 6) % 7) + 7) % 7]!
}

/** weekdayOfDate returns the day name of a YYYY-MM-DD calendar date. */
export function weekdayOfDate(isoDate: string): Weekday {
  return weekdays[mondayIndex(isoDate)]!
}

/** sortWeekdays returns the known day names among days, once each, Monday first. */
export function sortWeekdays(days: readonly unknown[]): Weekday[] {
  return weekdays.filter((day) => days.includes(day))
}

/** toggleWeekday adds day to days, or removes it when present. */
export function toggleWeekday(days: readonly Weekday[], day: Weekday): Weekday[] {
  return days.includes(day) ? days.filter((d) => d !== day) : sortWeekdays([...days, day])
}
