// The order in which a player plays its announcements. Pure logic: the
// queue decides, and returns effects that the controller carries out on the
// audio engine and the live channel.

/** Priorities, most urgent first (docs/on-air.md, "Priorities at the player"). */
export const Priority = {
  emergency: 1,
  urgent: 2,
  operations: 3,
  normal: 4,
  low: 5,
} as const

/** An announcement the server asked this player to play. */
export interface QueueItem {
  playId: number
  messageId: number
  /** 1 (emergency) to 5 (low). */
  priority: number
  title: string
  audioUrl: string
  durationSeconds: number
  requestedAt: string
}

/** What the queue asks its owner to do, in order. */
export type QueueEffect =
  /** Begin playing this item; it is now the current one. */
  | { kind: 'start'; item: QueueItem }
  /** Silence the audio of this item, which is no longer current. */
  | { kind: 'halt'; item: QueueItem }
  /** Tell the server how this play ended without being heard to its end. */
  | { kind: 'report'; playId: number; status: 'interrupted' | 'skipped' }
  /** Nothing is left to play: the music may come back. */
  | { kind: 'idle' }

/** interrupts reports whether an arriving item stops the one playing. */
export function interrupts(arriving: number, playing: number): boolean {
  if (arriving === Priority.emergency) return playing > Priority.emergency
  if (arriving === Priority.urgent) return playing > Priority.urgent
  return false
}

/** How many finished play IDs the queue remembers to refuse replays. */
const rememberedLimit = 500

/**
 * PlayQueue orders announcements by priority, then arrival. An emergency
 * interrupts anything less urgent, an urgent message interrupts priorities
 * 3–5, and everything else waits for the current item to end. An interrupted
 * item is not resumed. A play ID is accepted once: the server replays what it
 * believes unacknowledged after a reconnection, and those copies are ignored.
 */
export class PlayQueue {
  private playing: QueueItem | null = null
  // Kept sorted: by priority, and by arrival within a priority.
  private waiting: QueueItem[] = []
  private readonly seen = new Set<number>()

  /** done lists play IDs already handled before this queue existed (e.g. before a reload). */
  constructor(done: Iterable<number> = []) {
    for (const id of done) this.remember(id)
  }

  /** The item playing now, if any. */
  get current(): QueueItem | null {
    return this.playing
  }

  /** The items waiting, in the order they will play. */
  get pending(): QueueItem[] {
    return [...this.waiting]
  }

  /** True while an emergency plays or waits: the music stays muted. */
  get emergency(): boolean {
    if (this.playing?.priority === Priority.emergency) return true
    return this.waiting.some((item) => item.priority === Priority.emergency)
  }

  /** True while anything plays or waits. */
  get busy(): boolean {
    return this.playing !== null || this.waiting.length > 0
  }

  /** has reports whether a play ID was already accepted. */
  has(playId: number): boolean {
    return this.seen.has(playId)
  }

  /** add accepts a new item; a play ID seen before changes nothing. */
  add(item: QueueItem): QueueEffect[] {
    if (this.seen.has(item.playId)) return []
    this.remember(item.playId)
    this.insert(item)

    if (!this.playing) return this.startNext()
    if (!interrupts(item.priority, this.playing.priority)) return []
    const stopped = this.playing
    this.playing = null
    return [
      { kind: 'halt', item: stopped },
      { kind: 'report', playId: stopped.playId, status: 'interrupted' },
      ...this.startNext(),
    ]
  }

  /**
   * ended reports that the current item stopped by itself, played to its end
   * or failed, and starts the next one. Any other play ID changes nothing.
   */
  ended(playId: number): QueueEffect[] {
    if (this.playing?.playId !== playId) return []
    this.playing = null
    return this.startNext()
  }

  /**
   * stop carries out a stop command: play ID 0 or the current one stops what
   * plays (interrupted) and moves on; a waiting one is removed (skipped).
   */
  stop(playId: number): QueueEffect[] {
    if (this.playing && (playId === 0 || this.playing.playId === playId)) {
      const stopped = this.playing
      this.playing = null
      return [
        { kind: 'halt', item: stopped },
        { kind: 'report', playId: stopped.playId, status: 'interrupted' },
        ...this.startNext(),
      ]
    }
    const index = this.waiting.findIndex((item) => item.playId === playId)
    if (index < 0) return []
    this.waiting.splice(index, 1)
    return [{ kind: 'report', playId, status: 'skipped' }]
  }

  /** clear drops everything without reports, as when the player is unpaired. */
  clear(): QueueEffect[] {
    const stopped = this.playing
    this.playing = null
    this.waiting = []
    return stopped ? [{ kind: 'halt', item: stopped }] : []
  }

  // Behind every item of the same or a more urgent priority: equal
  // priorities stay in the order they arrived.
  private insert(item: QueueItem) {
    const before = this.waiting.findIndex((waiting) => waiting.priority > item.priority)
    if (before < 0) this.waiting.push(item)
    else this.waiting.splice(before, 0, item)
  }

  private startNext(): QueueEffect[] {
    const next = this.waiting.shift()
    if (!next) return [{ kind: 'idle' }]
    this.playing = next
    return [{ kind: 'start', item: next }]
  }

  private remember(playId: number) {
    this.seen.add(playId)
    if (this.seen.size <= rememberedLimit) return
    const oldest = this.seen.values().next().value
    if (oldest !== undefined) this.seen.delete(oldest)
  }
}
