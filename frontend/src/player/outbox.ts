// What the player must still tell the server, kept in localStorage: the
// acknowledgements the server has not confirmed yet (sent again after each
// hello until an "acked" names them, so plays heard while offline, or acked
// just before the connection dropped, reach the proof of play), the
// scheduled occurrences it played on its own while the live channel was
// down (reported the same way), and the plays it already finished (so the
// server's replays after a reconnection are not heard twice).

/** The statuses a player reports for a play. */
export type AckStatus = 'received' | 'started' | 'finished' | 'failed' | 'interrupted' | 'skipped'

/** Ack is one acknowledgement, as the live channel sends it. */
export interface Ack {
  play_id: number
  status: AckStatus
  /** RFC 3339, the player's clock. */
  at: string
  error?: string
}

/**
 * OfflineReport says that the player played one scheduled occurrence on its
 * own, without a play command (docs/on-air.md, "Through a network loss").
 */
export interface OfflineReport {
  schedule_id: number
  message_id: number
  /** The occurrence, as the server listed it in upcoming. */
  at: string
  /** When it began to be heard; absent when it never was. */
  started_at?: string
  finished_at: string
  status: 'finished' | 'failed'
  error?: string
}

const ackStatuses: ReadonlySet<string> = new Set<AckStatus>(['received', 'started', 'finished', 'failed', 'interrupted', 'skipped'])

/** Statuses after which a play is over for this player. */
export const finalStatuses: ReadonlySet<AckStatus> = new Set(['finished', 'failed', 'interrupted', 'skipped'])

export const outboxKey = 'mediaflow.player.outbox'
export const handledKey = 'mediaflow.player.handled'
export const offlineKey = 'mediaflow.player.offline'

const outboxLimit = 1000
const handledLimit = 500
const offlineLimit = 500

function read<T>(storage: Storage | undefined, key: string, valid: (item: unknown) => item is T): T[] {
  try {
    const value: unknown = JSON.parse(storage?.getItem(key) ?? '[]')
    return Array.isArray(value) ? value.filter(valid) : []
  } catch {
    return []
  }
}

function write(storage: Storage | undefined, key: string, items: unknown[]) {
  try {
    if (items.length === 0) storage?.removeItem(key)
    else storage?.setItem(key, JSON.stringify(items))
  } catch {
    // A full or refused storage loses the oldest news, not the page.
  }
}

function isAck(item: unknown): item is Ack {
  if (typeof item !== 'object' || item === null) return false
  const ack = item as Record<string, unknown>
  return typeof ack.play_id === 'number' && typeof ack.status === 'string' && ackStatuses.has(ack.status) &&
    typeof ack.at === 'string'
}

function isOfflineReport(item: unknown): item is OfflineReport {
  if (typeof item !== 'object' || item === null) return false
  const report = item as Record<string, unknown>
  return typeof report.schedule_id === 'number' && typeof report.message_id === 'number' &&
    typeof report.at === 'string' && typeof report.finished_at === 'string' &&
    (report.status === 'finished' || report.status === 'failed')
}

/** sameInstant compares two RFC 3339 times by the instant they name, not by how they are written. */
export function sameInstant(a: string, b: string): boolean {
  const ta = Date.parse(a)
  return a === b || (!Number.isNaN(ta) && ta === Date.parse(b))
}

function sameOccurrence(report: OfflineReport, scheduleId: number, at: string): boolean {
  return report.schedule_id === scheduleId && sameInstant(report.at, at)
}

function isId(item: unknown): item is number {
  return typeof item === 'number' && Number.isInteger(item)
}

/**
 * Outbox keeps acknowledgements and offline reports until the server
 * confirms them, whether or not they were sent already. A finished play's ID
 * is also remembered apart, for longer.
 */
export class Outbox {
  constructor(private readonly storage: Storage | undefined) {}

  /** pending lists the acknowledgements the server has not confirmed, oldest first. */
  pending(): Ack[] {
    return read(this.storage, outboxKey, isAck)
  }

  /** add keeps an acknowledgement until the server confirms it. */
  add(ack: Ack) {
    write(this.storage, outboxKey, [...this.pending(), ack].slice(-outboxLimit))
    if (finalStatuses.has(ack.status)) this.remember(ack.play_id)
  }

  /**
   * confirm forgets the acknowledgements of one play with one status, which
   * the server recorded; a repeat of them would change nothing there.
   */
  confirm(playId: number, status: string) {
    this.keep((ack) => ack.play_id !== playId || ack.status !== status)
  }

  /** forget drops every acknowledgement of a play the server refuses for good. */
  forget(playId: number) {
    this.keep((ack) => ack.play_id !== playId)
  }

  /** reports lists the offline reports the server has not confirmed, oldest first. */
  reports(): OfflineReport[] {
    return read(this.storage, offlineKey, isOfflineReport)
  }

  /** addReport keeps an offline report until the server confirms it; it replaces one of the same occurrence. */
  addReport(report: OfflineReport) {
    const others = this.reports().filter((kept) => !sameOccurrence(kept, report.schedule_id, report.at))
    write(this.storage, offlineKey, [...others, report].slice(-offlineLimit))
  }

  /** confirmReport forgets the report of one occurrence, which the server recorded. */
  confirmReport(scheduleId: number, at: string) {
    const reports = this.reports()
    const kept = reports.filter((report) => !sameOccurrence(report, scheduleId, at))
    if (kept.length !== reports.length) write(this.storage, offlineKey, kept)
  }

  /** handled lists the plays this player already finished, oldest first. */
  handled(): number[] {
    return read(this.storage, handledKey, isId)
  }

  /** clear forgets everything, as when the credential is gone. */
  clear() {
    write(this.storage, outboxKey, [])
    write(this.storage, handledKey, [])
    write(this.storage, offlineKey, [])
  }

  private keep(wanted: (ack: Ack) => boolean) {
    const acks = this.pending()
    const kept = acks.filter(wanted)
    if (kept.length !== acks.length) write(this.storage, outboxKey, kept)
  }

  private remember(playId: number) {
    const ids = this.handled().filter((id) => id !== playId)
    write(this.storage, handledKey, [...ids, playId].slice(-handledLimit))
  }
}
