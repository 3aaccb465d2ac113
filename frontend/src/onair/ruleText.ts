// A schedule's rule in words: "Lun y dom a las 09:00 y 18:30",
// "Cada 30 min de 10:00 a 21:00, sáb y dom", "Una vez el 24-12-2026 18:30".

import type { ScheduleRule } from '../api/onAir'
import { formatLocalDate, splitLocal } from './dates'
import { sortWeekdays, weekdays } from './weekdays'

/** Translate looks up a message by key, filling in named values. */
export type Translate = (key: string, named?: Record<string, unknown>) => string

/** RuleWords is what describeRule needs from the interface language. */
export interface RuleWords {
  t: Translate
  locale: string
}

function capitalise(text: string, locale: string): string {
  return text ? text.charAt(0).toLocaleUpperCase(locale) + text.slice(1) : text
}

function joinList(items: string[], locale: string): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items)
}

/** isRun tells whether the days, Monday first, follow one another without a gap. */
function isRun(days: readonly string[]): boolean {
  const first = weekdays.indexOf(days[0] as (typeof weekdays)[number])
  return days.every((day, i) => weekdays[first + i] === day)
}

/**
 * describeDays names the days of a rule: "todos los días" for all seven,
 * "de lun a vie" for three or more in a row, else a list ("lun y dom").
 */
export function describeDays(days: readonly string[], words: RuleWords): string {
  const known = sortWeekdays(days)
  const short = (day: string) => words.t(`onAir.weekdays.short.${day}`)
  if (known.length === weekdays.length) return words.t('onAir.rule.everyDay')
  if (known.length >= 3 && isRun(known)) return words.t('onAir.rule.dayRange', { from: short(known[0]!), to: short(known.at(-1)!) })
  return joinList(known.map(short), words.locale)
}

function describeTimes(times: readonly string[], words: RuleWords): string {
  const sorted = [...times].sort()
  // Spanish says "a la 01:00" but "a las 09:00".
  if (sorted.length === 1 && sorted[0]!.startsWith('01:')) return words.t('onAir.rule.atOne', { time: sorted[0] })
  return words.t('onAir.rule.atTimes', { times: joinList(sorted, words.locale) })
}

function describeDates(rule: ScheduleRule, words: RuleWords): string {
  const start = rule.start_date ? formatLocalDate(rule.start_date, words.locale) : ''
  const end = rule.end_date ? formatLocalDate(rule.end_date, words.locale) : ''
  if (start && end) return words.t('onAir.rule.between', { start, end })
  if (start) return words.t('onAir.rule.from', { date: start })
  if (end) return words.t('onAir.rule.until', { date: end })
  return ''
}

function describeCore(rule: ScheduleRule, words: RuleWords): string {
  switch (rule.kind) {
    case 'once': {
      const stamp = splitLocal(rule.at)
      if (!stamp) return words.t('onAir.rule.once', { date: rule.at ?? '', time: '' }).trim()
      return words.t('onAir.rule.once', { date: formatLocalDate(stamp.date, words.locale), time: stamp.time })
    }
    case 'weekly':
      return `${describeDays(rule.weekdays ?? [], words)} ${describeTimes(rule.times ?? [], words)}`
    case 'interval':
      return words.t('onAir.rule.interval', {
        minutes: rule.every_minutes ?? 0,
        start: rule.window_start ?? '',
        end: rule.window_end ?? '',
        days: describeDays(rule.weekdays ?? [], words),
      })
  }
  return ''
}

/**
 * describeRule says in one sentence when a schedule fires, in the
 * interface language, with its date limits when it has them.
 */
export function describeRule(rule: ScheduleRule, words: RuleWords): string {
  const core = describeCore(rule, words)
  const dates = rule.kind === 'once' ? '' : describeDates(rule, words)
  return capitalise(dates ? `${core}, ${dates}` : core, words.locale)
}
