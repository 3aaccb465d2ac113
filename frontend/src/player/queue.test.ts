import { describe, expect, it } from 'vitest'

import { interrupts, PlayQueue, type QueueEffect, type QueueItem } from './queue'

function item(playId: number, priority: number): QueueItem {
  return {
    playId,
    messageId: 100 + playId,
    priority,
    title: `Aviso ${playId}`,
    audioUrl: `/api/v1/device/messages/${100 + playId}/audio`,
    durationSeconds: 10,
    requestedAt: '2026-12-24T18:30:00Z',
  }
}

/** summary writes effects as short strings, e.g. "start 2", "report 1 interrupted". */
function summary(effects: QueueEffect[]): string[] {
  return effects.map((effect) => {
    switch (effect.kind) {
      case 'start':
      case 'halt':
        return `${effect.kind} ${effect.item.playId}`
      case 'report':
        return `report ${effect.playId} ${effect.status}`
      case 'idle':
        return 'idle'
    }
  })
}

describe('interrupts', () => {
  it.each([
    [1, 2, true],
    [1, 5, true],
    [1, 1, false],
    [2, 3, true],
    [2, 5, true],
    [2, 2, false],
    [2, 1, false],
    [3, 4, false],
    [3, 5, false],
    [4, 5, false],
    [5, 5, false],
  ])('priority %i arriving while %i plays: %s', (arriving, playing, expected) => {
    expect(interrupts(arriving, playing)).toBe(expected)
  })
})

describe('PlayQueue', () => {
  it('starts the first item at once and goes idle after it', () => {
    const queue = new PlayQueue()
    expect(summary(queue.add(item(1, 4)))).toEqual(['start 1'])
    expect(queue.current?.playId).toBe(1)
    expect(queue.busy).toBe(true)
    expect(summary(queue.ended(1))).toEqual(['idle'])
    expect(queue.current).toBeNull()
    expect(queue.busy).toBe(false)
  })

  it('lets an emergency interrupt an urgent message, which is not resumed', () => {
    const queue = new PlayQueue()
    queue.add(item(1, 2))
    expect(summary(queue.add(item(2, 1)))).toEqual(['halt 1', 'report 1 interrupted', 'start 2'])
    expect(queue.emergency).toBe(true)
    expect(summary(queue.ended(2))).toEqual(['idle'])
    expect(queue.emergency).toBe(false)
  })

  it('lets an urgent message interrupt an operations message but not an emergency', () => {
    const queue = new PlayQueue()
    queue.add(item(1, 3))
    expect(summary(queue.add(item(2, 2)))).toEqual(['halt 1', 'report 1 interrupted', 'start 2'])
    queue.add(item(3, 1))
    expect(summary(queue.add(item(4, 2)))).toEqual([])
    expect(queue.current?.playId).toBe(3)
    expect(summary(queue.ended(3))).toEqual(['start 4'])
  })

  it('makes a low message wait for the current one', () => {
    const queue = new PlayQueue()
    queue.add(item(1, 4))
    expect(summary(queue.add(item(2, 5)))).toEqual([])
    expect(queue.current?.playId).toBe(1)
    expect(queue.pending.map((i) => i.playId)).toEqual([2])
    expect(summary(queue.ended(1))).toEqual(['start 2'])
  })

  it('does not let operations or normal messages interrupt a low one', () => {
    const queue = new PlayQueue()
    queue.add(item(1, 5))
    expect(summary(queue.add(item(2, 3)))).toEqual([])
    expect(summary(queue.add(item(3, 4)))).toEqual([])
    expect(queue.current?.playId).toBe(1)
    expect(queue.pending.map((i) => i.playId)).toEqual([2, 3])
  })

  it('plays equal priorities in the order they arrived', () => {
    const queue = new PlayQueue()
    queue.add(item(1, 4))
    queue.add(item(2, 4))
    queue.add(item(3, 4))
    expect(summary(queue.ended(1))).toEqual(['start 2'])
    expect(summary(queue.ended(2))).toEqual(['start 3'])
    expect(summary(queue.ended(3))).toEqual(['idle'])
  })

  it('orders the waiting items by priority, then arrival', () => {
    const queue = new PlayQueue()
    queue.add(item(1, 3))
    for (const [id, priority] of [[2, 5], [3, 4], [4, 3], [5, 5], [6, 4]] as const) queue.add(item(id, priority))
    expect(queue.pending.map((i) => i.playId)).toEqual([4, 3, 6, 2, 5])
  })

  it('queues a second emergency behind the first', () => {
    const queue = new PlayQueue()
    queue.add(item(1, 1))
    expect(summary(queue.add(item(2, 1)))).toEqual([])
    expect(summary(queue.ended(1))).toEqual(['start 2'])
    expect(queue.emergency).toBe(true)
  })

  it('keeps the music muted while an emergency waits behind another', () => {
    const queue = new PlayQueue()
    queue.add(item(1, 1))
    queue.add(item(2, 1))
    queue.add(item(3, 4))
    queue.ended(1)
    expect(queue.emergency).toBe(true)
    queue.ended(2)
    expect(queue.current?.playId).toBe(3)
    expect(queue.emergency).toBe(false)
  })

  it('ignores a play ID it has seen, even after it finished', () => {
    const queue = new PlayQueue()
    queue.add(item(1, 4))
    expect(summary(queue.add(item(1, 1)))).toEqual([])
    queue.ended(1)
    expect(summary(queue.add(item(1, 4)))).toEqual([])
    expect(queue.has(1)).toBe(true)
    expect(queue.busy).toBe(false)
  })

  it('ignores play IDs handled before it was created', () => {
    const queue = new PlayQueue([7, 8])
    expect(summary(queue.add(item(7, 4)))).toEqual([])
    expect(summary(queue.add(item(9, 4)))).toEqual(['start 9'])
  })

  it('stops the current item on a stop for it, and plays the next', () => {
    const queue = new PlayQueue()
    queue.add(item(1, 4))
    queue.add(item(2, 4))
    expect(summary(queue.stop(1))).toEqual(['halt 1', 'report 1 interrupted', 'start 2'])
    expect(summary(queue.stop(0))).toEqual(['halt 2', 'report 2 interrupted', 'idle'])
  })

  it('removes a waiting item on a stop for it, reported skipped', () => {
    const queue = new PlayQueue()
    queue.add(item(1, 4))
    queue.add(item(2, 4))
    expect(summary(queue.stop(2))).toEqual(['report 2 skipped'])
    expect(queue.pending).toEqual([])
    expect(queue.current?.playId).toBe(1)
  })

  it('changes nothing on a stop for an unknown play or when idle', () => {
    const queue = new PlayQueue()
    expect(summary(queue.stop(0))).toEqual([])
    queue.add(item(1, 4))
    expect(summary(queue.stop(42))).toEqual([])
    expect(queue.current?.playId).toBe(1)
  })

  it('ignores the end of an item that is no longer current', () => {
    const queue = new PlayQueue()
    queue.add(item(1, 3))
    queue.add(item(2, 1))
    expect(summary(queue.ended(1))).toEqual([])
    expect(queue.current?.playId).toBe(2)
  })

  it('clears everything without reports', () => {
    const queue = new PlayQueue()
    queue.add(item(1, 4))
    queue.add(item(2, 4))
    expect(summary(queue.clear())).toEqual(['halt 1'])
    expect(queue.busy).toBe(false)
  })

  it('forgets the oldest play IDs beyond its memory', () => {
    const queue = new PlayQueue(Array.from({ length: 501 }, (_, i) => i + 1))
    expect(queue.has(1)).toBe(false)
    expect(queue.has(2)).toBe(true)
    expect(queue.has(501)).toBe(true)
  })
})
