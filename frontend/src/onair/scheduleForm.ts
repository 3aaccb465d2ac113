// The schedule dialog's form: built from a schedule or from defaults,
// checked before sending, and turned into the body the API expects, with
// only the fields the chosen kind uses.

import { defaultPriority, type Priority, type Schedule, type ScheduleInput, type ScheduleKind, type ScheduleRule, type Targets, type Weekday } from '../api/onAir'
import { addDays, isIsoDate } from './dates'
import { hasTargets, cleanTargets } from './priority'
import { sortWeekdays, weekdays } from './weekdays'

export interface ScheduleForm {
  kind: ScheduleKind
  name: string
  /** once: the value of a datetime-local input, "2026-12-24T18:30". */
  at: string
  times: string[]
  weekdays: Weekday[]
  every_minutes: number
  window_start: string
  window_end: string
  start_date: string
  end_date: string
  priority: Priority
  targets: Targets
}

const clockPattern = /^([01]\d|2[0-3]):[0-5]\d$/
const atPattern = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d$/

/** isClock tells whether value is a time like 09:00. */
export function isClock(value: string): boolean {
  return clockPattern.test(value)
}

/** newScheduleForm holds the defaults: once, tomorrow at 09:00, everywhere, normal priority. */
export function newScheduleForm(today: string): ScheduleForm {
  return {
    kind: 'once',
    name: '',
    at: `${addDays(today, 1)}T09:00`,
    times: ['09:00'],
    weekdays: [...weekdays],
    every_minutes: 30,
    window_start: '10:00',
    window_end: '21:00',
    start_date: '',
    end_date: '',
    priority: defaultPriority,
    targets: { all: true },
  }
}

/** scheduleFormFrom fills the form with a schedule, keeping defaults for fields its kind does not use. */
export function scheduleFormFrom(schedule: Schedule, today: string): ScheduleForm {
  const form = newScheduleForm(today)
  return {
    ...form,
    kind: schedule.kind,
    name: schedule.name ?? '',
    at: schedule.at ? schedule.at.slice(0, 16) : form.at,
    times: schedule.times?.length ? [...schedule.times] : form.times,
    weekdays: schedule.weekdays?.length ? sortWeekdays(schedule.weekdays) : form.weekdays,
    every_minutes: schedule.every_minutes || form.every_minutes,
    window_start: schedule.window_start || form.window_start,
    window_end: schedule.window_end || form.window_end,
    start_date: schedule.start_date ?? '',
    end_date: schedule.end_date ?? '',
    priority: schedule.priority || defaultPriority,
    targets: schedule.targets ? { ...schedule.targets } : { all: true },
  }
}

/** ruleOf returns the rule the form describes, with only its kind's fields. */
export function ruleOf(form: ScheduleForm): ScheduleRule {
  const rule: ScheduleRule = { kind: form.kind }
  if (form.kind === 'once') {
    rule.at = form.at
    return rule
  }
  if (form.kind === 'weekly') {
    rule.times = [...new Set(form.times)].sort()
  } else {
    rule.every_minutes = form.every_minutes
    rule.window_start = form.window_start
    rule.window_end = form.window_end
  }
  rule.weekdays = sortWeekdays(form.weekdays)
  if (form.start_date) rule.start_date = form.start_date
  if (form.end_date) rule.end_date = form.end_date
  return rule
}

/** scheduleInput builds the request body for a message's schedule. */
export function scheduleInput(form: ScheduleForm, messageId: number): ScheduleInput {
  const input: ScheduleInput = { message_id: messageId, ...ruleOf(form), priority: form.priority, targets: cleanTargets(form.targets) }
  if (form.name.trim()) input.name = form.name.trim()
  return input
}

/** ScheduleProblem names a field and the message key of what is wrong with it. */
export type ScheduleProblems = Record<string, string>

function checkRepeating(form: ScheduleForm, problems: ScheduleProblems) {
  if (form.kind === 'weekly' && (form.times.length === 0 || !form.times.every(isClock))) {
    problems.times = 'onAir.schedule.required.times'
  }
  if (form.kind === 'interval') {
    if (!Number.isInteger(form.every_minutes) || form.every_minutes < 1 || form.every_minutes > 720) {
      problems.every_minutes = 'onAir.schedule.required.everyMinutes'
    }
    if (!isClock(form.window_start)) problems.window_start = 'onAir.schedule.required.window'
    if (!isClock(form.window_end)) problems.window_end = 'onAir.schedule.required.window'
    else if (isClock(form.window_start) && form.window_end <= form.window_start) problems.window_end = 'onAir.schedule.required.windowOrder'
  }
  if (form.weekdays.length === 0) problems.weekdays = 'onAir.schedule.required.weekdays'
  if (form.start_date && !isIsoDate(form.start_date)) problems.start_date = 'onAir.fieldErrors.start_date'
  if (form.end_date && !isIsoDate(form.end_date)) problems.end_date = 'onAir.fieldErrors.start_date'
  else if (form.start_date && form.end_date && form.end_date < form.start_date) problems.end_date = 'onAir.schedule.required.dateOrder'
}

/**
 * checkScheduleForm returns, per field, the message key of what the user
 * must fix before sending; an empty object when the form can be sent.
 */
export function checkScheduleForm(form: ScheduleForm): ScheduleProblems {
  const problems: ScheduleProblems = {}
  if (form.kind === 'once') {
    const match = atPattern.exec(form.at)
    if (!match || !isIsoDate(match[1]!)) problems.at = 'onAir.schedule.required.at'
  } else {
    checkRepeating(form, problems)
  }
  if (!hasTargets(cleanTargets(form.targets))) problems.targets = 'onAir.targets.required'
  return problems
}
