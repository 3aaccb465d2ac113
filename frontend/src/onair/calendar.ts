// Month and week grids for the schedule calendar. Occurrences are placed by
// the local date and time written in their `local` text, which is already
// in the tenant's time zone, so no browser time zone is involved.

import type { Occurrence } from '../api/onAir'
import { addDays, daysBetween, endOfMonth, startOfMonth, startOfWeek, splitLocal } from './dates'

/** CalendarItem is an occurrence with its local date and time read out. */
export interface CalendarItem extends Occurrence {
  date: string
  time: string
}

export interface CalendarDay {
  date: string
  /** False for the leading and trailing days of the neighbouring months. */
  inMonth: boolean
  isToday: boolean
  /** The day's occurrences in time order. */
  items: CalendarItem[]
}

export interface MonthGrid {
  /** First and last day shown (Monday of the first week, Sunday of the last). */
  from: string
  to: string
  /** Weeks of seven days, Monday first. */
  weeks: CalendarDay[][]
}

/** monthRange returns the first and last day a month grid shows. */
export function monthRange(month: string): { from: string; to: string } {
  const first = startOfMonth(month)
  return { from: startOfWeek(first), to: addDays(startOfWeek(endOfMonth(first)), 6) }
}

/** weekRange returns the Monday and Sunday of the week that holds date. */
export function weekRange(date: string): { from: string; to: string } {
  const from = startOfWeek(date)
  return { from, to: addDays(from, 6) }
}

/** groupByDay reads each occurrence's local date and time and sorts each day by time. */
export function groupByDay(occurrences: readonly Occurrence[]): Map<string, CalendarItem[]> {
  const days = new Map<string, CalendarItem[]>()
  for (const occurrence of occurrences) {
    const stamp = splitLocal(occurrence.local)
    if (!stamp) continue
    const list = days.get(stamp.date) ?? []
    list.push({ ...occurrence, date: stamp.date, time: stamp.time })
    days.set(stamp.date, list)
  }
  for (const list of days.values()) {
    // The UTC instant breaks ties and orders the repeated hour when clocks go back.
    list.sort((a, b) => a.time.localeCompare(b.time) || a.at.localeCompare(b.at) || a.schedule_id - b.schedule_id)
  }
  return days
}

function daysFrom(from: string, count: number, month: string | null, today: string, items: Map<string, CalendarItem[]>): CalendarDay[] {
  return Array.from({ length: count }, (_, i) => {
    const date = addDays(from, i)
    return {
      date,
      inMonth: month === null || date.startsWith(month.slice(0, 7)),
      isToday: date === today,
      items: items.get(date) ?? [],
    }
  })
}

/**
 * buildMonthGrid lays out the month that holds `month` (any of its dates) in
 * whole weeks, Monday first, with each day's occurrences.
 */
export function buildMonthGrid(month: string, occurrences: readonly Occurrence[], today = ''): MonthGrid {
  const { from, to } = monthRange(month)
  const days = daysFrom(from, daysBetween(from, to) + 1, month, today, groupByDay(occurrences))
  const weeks: CalendarDay[][] = []
  for (let i = 0; i < days.length; i += 7) weeks.push(days.slice(i, i + 7))
  return { from, to, weeks }
}

/** buildWeek lists the seven days of the week that holds date, with their occurrences. */
export function buildWeek(date: string, occurrences: readonly Occurrence[], today = ''): CalendarDay[] {
  return daysFrom(weekRange(date).from, 7, null, today, groupByDay(occurrences))
}

/** visibleItems splits a day's items into the first `limit` and how many more there are. */
export function visibleItems(day: CalendarDay, limit = 3): { shown: CalendarItem[]; more: number } {
  return { shown: day.items.slice(0, limit), more: Math.max(0, day.items.length - limit) }
}
