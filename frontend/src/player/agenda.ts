// The player's own agenda of scheduled announcements (docs/on-air.md,
// "Through a network loss"): the occurrences /device/config listed as
// upcoming, and the occurrences already taken care of, either by a play
// command of the server or by this player on its own. Both are kept in
// localStorage, so a page reloaded without network still knows them. Pure
// logic over a Storage and given instants; the controller owns the timers.

import type { UpcomingPlay } from './deviceApi'
import type { OfflineReport } from './outbox'

export const agendaKey = 'mediaflow.player.agenda'
export const occurrencesKey = 'mediaflow.player.occurrences'

/**
 * While the live channel is connected, how long after an occurrence the
 * server's play command may take before the player plays it by itself (the
 * server may be down even though the socket looked fine).
 */
export const serverWaitMs = 15_000

/**
 * How late an occurrence may still be played by the player itself, as the
 * server's SCHEDULE_GRACE: after a longer outage of the page itself an
 * announcement would only be heard out of its time.
 */
export const localLateMs = 2 * 60_000

/** How far a play command's requested_at may be from the occurrence it stands for. */
export const matchWindowMs = 3 * 60_000

// Two records of one schedule closer than this are the same occurrence:
// schedules fire at most once a minute.
const sameOccurrenceMs = 30_000

// Past occurrences stay known longer than the server replays unacknowledged
// plays (10 minutes), so a late replay is matched to its own occurrence and
// not to a neighbour of a frequent schedule.
const keepPastMs = 15 * 60_000

// Records of handled occurrences outlive the server's replays of them.
const keepHandledMs = 26 * 60 * 60_000
const handledLimit = 500

/** How a play the player started on its own ended. */
export type LocalOutcome = 'finished' | 'failed' | 'interrupted' | 'skipped'

/** Names one occurrence of one schedule. */
export interface OccurrenceRef {
  schedule_id: number
  /** UTC RFC 3339, as the server wrote it. */
  at: string
}

/** HandledOccurrence records an occurrence that must not be played again by the player. */
export interface HandledOccurrence extends OccurrenceRef {
  message_id: number
  /** local: the player played it on its own; server: a play command of the server covers it. */
  by: 'local' | 'server'
  /** For local plays: when it entered the queue, started, ended, and how. */
  queued_at?: string
  started_at?: string
  finished_at?: string
  status?: LocalOutcome
  error?: string
}

/** The parts of a play command that tie it to an occurrence. */
export interface ScheduledCommand {
  schedule_id: number
  message_id: number
  requested_at: string
}

function instant(at: string): number {
  return Date.parse(at)
}

/** sameOccurrence reports whether two references name the same occurrence. */
export function sameOccurrence(a: OccurrenceRef, b: OccurrenceRef): boolean {
  if (a.schedule_id !== b.schedule_id) return false
  return Math.abs(instant(a.at) - instant(b.at)) < sameOccurrenceMs
}

/** playable reports whether the player may ever play an item by itself. */
function playable(item: UpcomingPlay): boolean {
  return item.schedule_id > 0 && !Number.isNaN(instant(item.at))
}

/**
 * pendingTimes lists, with their instants, the playable items that nothing
 * handled yet and that are no more than localLateMs old at now. The handled
 * instants are read once per schedule: a frequent schedule lists hundreds
 * of occurrences a day.
 */
function pendingTimes(upcoming: readonly UpcomingPlay[], handled: readonly HandledOccurrence[], now: number) {
  const done = new Map<number, number[]>()
  for (const record of handled) {
    const times = done.get(record.schedule_id) ?? []
    times.push(instant(record.at))
    done.set(record.schedule_id, times)
  }
  const pending: { item: UpcomingPlay; at: number }[] = []
  for (const item of upcoming) {
    const at = instant(item.at)
    if (item.schedule_id <= 0 || Number.isNaN(at) || now - at > localLateMs) continue
    if (done.get(item.schedule_id)?.some((time) => Math.abs(time - at) < sameOccurrenceMs)) continue
    pending.push({ item, at })
  }
  return pending
}

/**
 * dueOccurrences lists, earliest first, the upcoming items the player must
 * play by itself at now: their time came no more than localLateMs ago,
 * nothing covers them yet, and either the live channel is not connected or
 * the server's play is more than serverWaitMs late.
 */
export function dueOccurrences(
  upcoming: readonly UpcomingPlay[],
  handled: readonly HandledOccurrence[],
  now: number,
  connected: boolean,
): UpcomingPlay[] {
  const wait = connected ? serverWaitMs : 0
  return pendingTimes(upcoming, handled, now)
    .filter(({ at }) => at + wait <= now)
    .sort((a, b) => a.at - b.at)
    .map(({ item }) => item)
}

/**
 * nextCheck is the instant (ms) at which dueOccurrences may next change for
 * the same connection, or null when nothing is left to wait for. A change of
 * connection calls for a check of its own.
 */
export function nextCheck(
  upcoming: readonly UpcomingPlay[],
  handled: readonly HandledOccurrence[],
  now: number,
  connected: boolean,
): number | null {
  const wait = connected ? serverWaitMs : 0
  let next: number | null = null
  for (const { at } of pendingTimes(upcoming, handled, now)) {
    if (next === null || at + wait < next) next = at + wait
  }
  return next
}

/**
 * matchOccurrence finds which of known a play command stands for: the one
 * of the same schedule closest to its requested_at, no more than
 * matchWindowMs away. null when none is.
 */
export function matchOccurrence<T extends OccurrenceRef>(command: ScheduledCommand, known: readonly T[]): T | null {
  const requested = instant(command.requested_at)
  if (command.schedule_id <= 0 || Number.isNaN(requested)) return null
  let best: T | null = null
  let bestGap = Infinity
  for (const candidate of known) {
    if (candidate.schedule_id !== command.schedule_id) continue
    const gap = Math.abs(instant(candidate.at) - requested)
    if (gap <= matchWindowMs && gap < bestGap) {
      best = candidate
      bestGap = gap
    }
  }
  return best
}

/**
 * offlineReport describes a finished local play for the server. An
 * interruption or a skip counts as a failure, with that reason as its error.
 */
export function offlineReport(record: HandledOccurrence): OfflineReport | null {
  if (record.by !== 'local' || !record.status || !record.finished_at) return null
  const finished = record.status === 'finished'
  const error = finished ? undefined : record.error || record.status
  return {
    schedule_id: record.schedule_id,
    message_id: record.message_id,
    at: record.at,
    ...(record.started_at ? { started_at: record.started_at } : {}),
    finished_at: record.finished_at,
    status: finished ? 'finished' : 'failed',
    ...(error ? { error } : {}),
  }
}

function readList<T>(storage: Storage | undefined, key: string, valid: (item: unknown) => item is T): T[] {
  try {
    const value: unknown = JSON.parse(storage?.getItem(key) ?? '[]')
    return Array.isArray(value) ? value.filter(valid) : []
  } catch {
    return []
  }
}

function writeList(storage: Storage | undefined, key: string, items: unknown[]) {
  try {
    if (items.length === 0) storage?.removeItem(key)
    else storage?.setItem(key, JSON.stringify(items))
  } catch {
    // A refused storage only costs what a reload would have remembered.
  }
}

function isRecord(item: unknown): item is Record<string, unknown> {
  return typeof item === 'object' && item !== null
}

function isUpcoming(item: unknown): item is UpcomingPlay {
  return isRecord(item) && typeof item.schedule_id === 'number' && typeof item.message_id === 'number' &&
    typeof item.at === 'string' && typeof item.priority === 'number' && typeof item.title === 'string' &&
    typeof item.duration_seconds === 'number' && typeof item.audio_url === 'string'
}

function isHandledRecord(item: unknown): item is HandledOccurrence {
  return isRecord(item) && typeof item.schedule_id === 'number' && typeof item.message_id === 'number' &&
    typeof item.at === 'string' && (item.by === 'local' || item.by === 'server')
}

/**
 * Agenda keeps the upcoming occurrences and the handled ones in storage and
 * answers, for a given instant, what the player must play by itself.
 */
export class Agenda {
  constructor(private readonly storage: Storage | undefined) {}

  /** upcoming lists the occurrences the player knows of. */
  upcoming(): UpcomingPlay[] {
    return readList(this.storage, agendaKey, isUpcoming)
  }

  /** handled lists the occurrences already taken care of, oldest first. */
  handled(): HandledOccurrence[] {
    return readList(this.storage, occurrencesKey, isHandledRecord)
  }

  /**
   * replace keeps a new list from /device/config. Items of the old list
   * whose time came in the last 15 minutes stay: a list fetched just after
   * an occurrence no longer names it, while its play may still be awaited
   * or replayed.
   */
  replace(upcoming: readonly UpcomingPlay[], now: number) {
    const fresh = upcoming.filter(playable)
    const past = this.upcoming().filter((item) => {
      const at = instant(item.at)
      return at <= now && now - at <= keepPastMs && !fresh.some((other) => sameOccurrence(other, item))
    })
    writeList(this.storage, agendaKey, [...past, ...fresh])
    this.keepHandled((record) => now - instant(record.at) <= keepHandledMs)
  }

  /** due lists the occurrences the player must play by itself now (dueOccurrences). */
  due(now: number, connected: boolean): UpcomingPlay[] {
    return dueOccurrences(this.upcoming(), this.handled(), now, connected)
  }

  /** nextCheck says when to look again (nextCheck). */
  nextCheck(now: number, connected: boolean): number | null {
    return nextCheck(this.upcoming(), this.handled(), now, connected)
  }

  /**
   * claim ties a play command of a schedule to its occurrence. When the
   * player already played that occurrence (or plays it now) by itself, it
   * returns that local record and the command must not be played again.
   * Otherwise it records the occurrence as the server's, so the player never
   * plays it by itself, and returns that record. A manual send, or one whose
   * time cannot be read, returns null.
   */
  claim(command: ScheduledCommand): HandledOccurrence | null {
    if (command.schedule_id <= 0 || Number.isNaN(instant(command.requested_at))) return null
    const handled = this.handled()
    const known: OccurrenceRef[] = [...handled, ...this.upcoming().filter(playable)]
    const match = matchOccurrence(command, known)
    const record = match ? handled.find((item) => sameOccurrence(item, match)) : undefined
    if (record) return record
    const claimed: HandledOccurrence = {
      schedule_id: command.schedule_id,
      message_id: command.message_id,
      at: match?.at ?? command.requested_at,
      by: 'server',
    }
    this.writeHandled([...handled, claimed])
    return claimed
  }

  /** begin records that the player queued an occurrence by itself at queuedAt. */
  begin(item: UpcomingPlay, queuedAt: string): HandledOccurrence {
    const record: HandledOccurrence = {
      schedule_id: item.schedule_id,
      message_id: item.message_id,
      at: item.at,
      by: 'local',
      queued_at: queuedAt,
    }
    this.writeHandled([...this.handled().filter((other) => !sameOccurrence(other, item)), record])
    return record
  }

  /** started records when a local play began to be heard. */
  started(ref: OccurrenceRef, at: string): HandledOccurrence | null {
    return this.update(ref, (record) => ({ ...record, started_at: at }))
  }

  /** finish records how a local play ended; it returns the record, null when none is open. */
  finish(ref: OccurrenceRef, status: LocalOutcome, at: string, error?: string): HandledOccurrence | null {
    return this.update(ref, (record) =>
      record.status ? record : { ...record, status, finished_at: at, ...(error ? { error } : {}) },
    )
  }

  /**
   * abandon closes the local plays a previous page left open: one that was
   * being heard counts as interrupted at now and is returned, to be
   * reported; one that never started is forgotten, so it may still be
   * played on time.
   */
  abandon(now: string): HandledOccurrence[] {
    const closed: HandledOccurrence[] = []
    const kept: HandledOccurrence[] = []
    for (const record of this.handled()) {
      if (record.by !== 'local' || record.status) kept.push(record)
      else if (record.started_at) {
        const ended: HandledOccurrence = { ...record, status: 'interrupted', finished_at: now }
        kept.push(ended)
        closed.push(ended)
      }
    }
    this.writeHandled(kept)
    return closed
  }

  /** clear forgets everything, as when the player is unpaired. */
  clear() {
    writeList(this.storage, agendaKey, [])
    writeList(this.storage, occurrencesKey, [])
  }

  private update(ref: OccurrenceRef, change: (record: HandledOccurrence) => HandledOccurrence) {
    let updated: HandledOccurrence | null = null
    const records = this.handled().map((record) => {
      if (record.by !== 'local' || !sameOccurrence(record, ref)) return record
      updated = change(record)
      return updated
    })
    if (updated) this.writeHandled(records)
    return updated
  }

  private keepHandled(wanted: (record: HandledOccurrence) => boolean) {
    const records = this.handled()
    const kept = records.filter(wanted)
    if (kept.length !== records.length) this.writeHandled(kept)
  }

  private writeHandled(records: HandledOccurrence[]) {
    writeList(this.storage, occurrencesKey, records.slice(-handledLimit))
  }
}
