// Calendar dates and wall-clock times of the tenant, handled as plain text
// ("2026-12-24", "18:30") so the browser's own time zone never shifts them.
// Day arithmetic runs on UTC midnights, which have no daylight saving.

const msPerDay = 24 * 60 * 60 * 1000
const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/
const localStampPattern = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/

/** isIsoDate tells whether value is a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  const match = isoDatePattern.exec(value)
  if (!match) return false
  const [, y, m, d] = match.map(Number) as [number, number, number, number]
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

function utcOf(isoDate: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(y, m - 1, d))
}

function isoOf(date: Date): string {
  return date.toISOString().slice(0, 10)
}

/** addDays returns the date n days after isoDate (before it when n < 0). */
export function addDays(isoDate: string, n: number): string {
  return isoOf(new Date(utcOf(isoDate).getTime() + n * msPerDay))
}

/** daysBetween counts the days from a to b (negative when b is earlier). */
export function daysBetween(a: string, b: string): number {
  return Math.round((utcOf(b).getTime() - utcOf(a).getTime()) / msPerDay)
}

/** mondayIndex returns 0 for a Monday up to 6 for a Sunday. */
export function mondayIndex(isoDate: string): number {
  return (utcOf(isoDate).getUTCDay() + 6) % 7
}

/** startOfWeek returns the Monday of the week that holds isoDate. */
export function startOfWeek(isoDate: string): string {
  return addDays(isoDate, -mondayIndex(isoDate))
}

/** startOfMonth returns the first day of isoDate's month. */
export function startOfMonth(isoDate: string): string {
  return `${isoDate.slice(0, 7)}-01`
}

/** addMonths returns the first day of the month n months after isoDate's. */
export function addMonths(isoDate: string, n: number): string {
  const date = utcOf(startOfMonth(isoDate))
  date.setUTCMonth(date.getUTCMonth() + n)
  return isoOf(date)
}

/** endOfMonth returns the last day of isoDate's month. */
export function endOfMonth(isoDate: string): string {
  return addDays(addMonths(isoDate, 1), -1)
}

/**
 * todayIn returns the calendar date it is now in the given time zone. A zone
 * the browser does not know falls back to the browser's own.
 */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const format = (zone?: string) =>
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(now)
  try {
    return format(timeZone)
  } catch {
    return format()
  }
}

/** LocalStamp is a local date and time read from text, without any zone maths. */
export interface LocalStamp {
  date: string
  time: string
}

/**
 * splitLocal reads "2026-12-24T18:30:00-03:00" (or "2026-12-24T18:30") as
 * the date and time written in it, or null when it is not such a text.
 */
export function splitLocal(value: string | null | undefined): LocalStamp | null {
  const match = value ? localStampPattern.exec(value) : null
  return match ? { date: match[1]!, time: match[2]! } : null
}

/** formatLocalDate shows a YYYY-MM-DD date as 24-12-2026 in Spanish, "Dec 24, 2026" in English. */
export function formatLocalDate(isoDate: string, locale: string): string {
  if (!isIsoDate(isoDate)) return isoDate
  if (!locale.toLowerCase().startsWith('en')) {
    const [y, m, d] = isoDate.split('-')
    return `${d}-${m}-${y}`
  }
  return new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(utcOf(isoDate))
}

/** formatLocalStamp shows a local date and time as written, e.g. "24-12-2026 18:30". */
export function formatLocalStamp(value: string | null | undefined, locale: string): string {
  const stamp = splitLocal(value)
  return stamp ? `${formatLocalDate(stamp.date, locale)} ${stamp.time}` : ''
}

/** formatDayHeading shows a date as a short weekday and day, e.g. "lun 7" or "Mon 7". */
export function formatDayHeading(isoDate: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'short', day: 'numeric', timeZone: 'UTC' }).format(utcOf(isoDate))
}

/** formatMonthTitle shows a month as "diciembre de 2026" or "December 2026". */
export function formatMonthTitle(isoDate: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(utcOf(isoDate))
}

/**
 * relativeTime says how long ago an instant was ("hace 5 minutos"), in the
 * largest unit that fits.
 */
export function relativeTime(value: string, locale: string, now: number = Date.now()): string {
  const then = Date.parse(value)
  if (Number.isNaN(then)) return ''
  const seconds = Math.round((then - now) / 1000)
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  const steps: [Intl.RelativeTimeFormatUnit, number][] = [['day', 86400], ['hour', 3600], ['minute', 60]]
  for (const [unit, size] of steps) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit)
  }
  return format.format(Math.abs(seconds) < 5 ? 0 : seconds, 'second')
}

/** formatCountdown shows whole seconds as m:ss. */
export function formatCountdown(seconds: number): string {
  const total = Math.max(0, Math.ceil(seconds))
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`
}

/**
 * formatInstant shows an RFC 3339 instant in the tenant's zone with seconds
 * on a 24-hour clock, as a proof of play needs: "03-12-2026, 18:30:02".
 */
export function formatInstant(value: string | null | undefined, locale: string, timeZone: string): string {
  if (!value) return ''
  const date = new Date(value)
  if (Number.isNaN(date.getTime())) return value
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }
  try {
    return new Intl.DateTimeFormat(locale, { ...options, timeZone }).format(date)
  } catch {
    return new Intl.DateTimeFormat(locale, options).format(date)
  }
}
