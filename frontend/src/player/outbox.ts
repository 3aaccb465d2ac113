// What the player must still tell the server, kept in localStorage: the
// acknowledgements it could not send (sent after the next hello, so plays
// heard while offline reach the proof of play) and the plays it already
// finished (so the server's replays after a reconnection are not heard twice).

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

/** Statuses after which a play is over for this player. */
export const finalStatuses: ReadonlySet<AckStatus> = new Set(['finished', 'failed', 'interrupted', 'skipped'])

export const outboxKey = 'mediaflow.player.outbox'
export const handledKey = 'mediaflow.player.handled'

const outboxLimit = 1000
const handledLimit = 500

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
  return typeof ack.play_id === 'number' && typeof ack.status === 'string' && typeof ack.at === 'string'
}

function isId(item: unknown): item is number {
  return typeof item === 'number' && Number.isInteger(item)
}

/**
 * Outbox keeps acknowledgements until they are handed to an open channel.
 * A finished play's ID is also remembered apart, for longer.
 */
export class Outbox {
  constructor(private readonly storage: Storage | undefined) {}

  /** pending lists the acknowledgements not sent yet, oldest first. */
  pending(): Ack[] {
    return read(this.storage, outboxKey, isAck)
  }

  /** add keeps an acknowledgement until it is sent. */
  add(ack: Ack) {
    write(this.storage, outboxKey, [...this.pending(), ack].slice(-outboxLimit))
    if (finalStatuses.has(ack.status)) this.remember(ack.play_id)
  }

  /** drop forgets the first count acknowledgements, once they were sent. */
  drop(count: number) {
    write(this.storage, outboxKey, this.pending().slice(count))
  }

  /** handled lists the plays this player already finished, oldest first. */
  handled(): number[] {
    return read(this.storage, handledKey, isId)
  }

  /** clear forgets everything, as when the credential is gone. */
  clear() {
    write(this.storage, outboxKey, [])
    write(this.storage, handledKey, [])
  }

  private remember(playId: number) {
    const ids = this.handled().filter((id) => id !== playId)
    write(this.storage, handledKey, [...ids, playId].slice(-handledLimit))
  }
}
