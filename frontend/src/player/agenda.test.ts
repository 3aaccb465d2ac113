import { beforeEach, describe, expect, it } from 'vitest'

import {
  Agenda,
  agendaKey,
  dueOccurrences,
  matchOccurrence,
  nextCheck,
  occurrencesKey,
  offlineReport,
  type HandledOccurrence,
} from './agenda'
import type { UpcomingPlay } from './deviceApi'

const at = '2026-12-24T18:00:00Z'
const t0 = Date.parse(at)
const s = 1_000

function upcoming(scheduleId: number, when: string, extra: Partial<UpcomingPlay> = {}): UpcomingPlay {
  return {
    schedule_id: scheduleId, message_id: 9, at: when, priority: 4, title: 'Cierre',
    duration_seconds: 12, audio_url: '/api/v1/device/messages/9/audio', ...extra,
  }
}

function handled(scheduleId: number, when: string, by: 'local' | 'server'): HandledOccurrence {
  return { schedule_id: scheduleId, message_id: 9, at: when, by }
}

const item = upcoming(4, at)

beforeEach(() => localStorage.clear())

describe('dueOccurrences', () => {
  it.each([
    ['offline at its time: plays locally', [], t0, false, true],
    ['offline a second before: not yet', [], t0 - s, false, false],
    ['connected at its time: waits for the server', [], t0, true, false],
    ['connected, no play 14 s later: still waits', [], t0 + 14 * s, true, false],
    ['connected, no play 15 s later: plays locally', [], t0 + 15 * s, true, true],
    ['offline two minutes late: still plays', [], t0 + 120 * s, false, true],
    ['offline more than two minutes late: never', [], t0 + 121 * s, false, false],
    ['already played locally: never again', [handled(4, at, 'local')], t0 + 20 * s, false, false],
    ['covered by the server’s play: never', [handled(4, '2026-12-24T18:00:02Z', 'server')], t0 + 20 * s, false, false],
    ['a neighbour a minute before was played: still plays', [handled(4, '2026-12-24T17:59:00Z', 'local')], t0, false, true],
    ['another schedule at the same time was played: still plays', [handled(5, at, 'local')], t0, false, true],
  ] as const)('%s', (_name, done, now, connected, due) => {
    expect(dueOccurrences([item], done, now, connected)).toEqual(due ? [item] : [])
  })

  it('never plays an occurrence without its schedule (a server that does not send it)', () => {
    expect(dueOccurrences([upcoming(0, at)], [], t0 + 20 * s, false)).toEqual([])
    expect(dueOccurrences([upcoming(4, 'soon')], [], t0 + 20 * s, false)).toEqual([])
  })

  it('lists what is due earliest first', () => {
    const later = upcoming(5, '2026-12-24T18:00:30Z')
    expect(dueOccurrences([later, item], [], t0 + 40 * s, false)).toEqual([item, later])
  })
})

describe('nextCheck', () => {
  const later = upcoming(5, '2026-12-24T18:30:00Z')

  it.each([
    ['offline: at the next occurrence', [], t0 - 60 * s, false, t0],
    ['connected: 15 s after it', [], t0 - 60 * s, true, t0 + 15 * s],
    ['when one is handled, at the following one', [handled(4, at, 'local')], t0 - 60 * s, false, Date.parse(later.at)],
    ['when everything is handled, never', [handled(4, at, 'local'), handled(5, later.at, 'server')], t0, false, null],
    ['skips what is too late', [], t0 + 10 * 60 * s, true, Date.parse(later.at) + 15 * s],
  ] as const)('%s', (_name, done, now, connected, next) => {
    expect(nextCheck([later, item], done, now, connected)).toBe(next)
  })
})

describe('matchOccurrence', () => {
  const known = [handled(4, '2026-12-24T17:59:00Z', 'local'), handled(4, at, 'local'), handled(5, at, 'local')]

  it.each([
    ['fired a second after', 4, '2026-12-24T18:00:01Z', at],
    ['fired three minutes after, with no closer one', 4, '2026-12-24T18:03:00Z', at],
    ['fired a second after the earlier one', 4, '2026-12-24T17:59:01Z', '2026-12-24T17:59:00Z'],
    ['more than three minutes away', 4, '2026-12-24T18:03:01Z', null],
    ['another schedule', 6, '2026-12-24T18:00:01Z', null],
    ['a manual send', 0, '2026-12-24T18:00:01Z', null],
    ['without a time', 4, '', null],
  ] as const)('%s', (_name, scheduleId, requestedAt, expected) => {
    const match = matchOccurrence({ schedule_id: scheduleId, message_id: 9, requested_at: requestedAt }, known)
    expect(match?.at ?? null).toBe(expected)
    if (match) expect(match.schedule_id).toBe(scheduleId)
  })
})

describe('offlineReport', () => {
  const record: HandledOccurrence = {
    ...handled(4, at, 'local'),
    queued_at: '2026-12-24T18:00:00.010Z', started_at: '2026-12-24T18:00:00.500Z', finished_at: '2026-12-24T18:00:12.600Z',
  }

  it.each([
    ['finished', undefined, { status: 'finished' }],
    ['failed', 'audio_unavailable', { status: 'failed', error: 'audio_unavailable' }],
    ['interrupted', undefined, { status: 'failed', error: 'interrupted' }],
    ['skipped', undefined, { status: 'failed', error: 'skipped' }],
  ] as const)('reports a local play that ended %s', (status, error, expected) => {
    expect(offlineReport({ ...record, status, ...(error ? { error } : {}) })).toEqual({
      schedule_id: 4, message_id: 9, at, started_at: record.started_at, finished_at: record.finished_at, ...expected,
    })
  })

  it('reports nothing for an open play or for the server’s', () => {
    expect(offlineReport(record)).toBeNull()
    expect(offlineReport({ ...record, by: 'server', status: 'finished' })).toBeNull()
  })

  it('leaves out the start of a play that never started', () => {
    const { started_at: _started, ...never } = record
    expect(offlineReport({ ...never, status: 'failed', error: 'audio_unavailable' })).not.toHaveProperty('started_at')
  })
})

describe('Agenda', () => {
  it('survives a reload: the list and what was played are read back from storage', () => {
    const first = new Agenda(localStorage)
    first.replace([item, upcoming(5, '2026-12-24T18:30:00Z')], t0 - 3600 * s)
    first.begin(item, '2026-12-24T18:00:00.010Z')

    const reloaded = new Agenda(localStorage)
    expect(reloaded.upcoming()).toEqual([item, upcoming(5, '2026-12-24T18:30:00Z')])
    expect(reloaded.due(t0 + 30 * s, false)).toEqual([])
    expect(reloaded.nextCheck(t0 + 30 * s, false)).toBe(Date.parse('2026-12-24T18:30:00Z'))
    expect(JSON.parse(localStorage.getItem(agendaKey)!)).toHaveLength(2)
  })

  it('keeps only occurrences it could play by itself', () => {
    const agenda = new Agenda(localStorage)
    agenda.replace([upcoming(0, at), upcoming(4, 'garbage'), item], t0 - 60 * s)
    expect(agenda.upcoming()).toEqual([item])
  })

  it('keeps an occurrence that just passed when a new list no longer names it, but not one that was removed ahead', () => {
    const agenda = new Agenda(localStorage)
    const ahead = upcoming(5, '2026-12-24T19:00:00Z')
    const old = upcoming(6, '2026-12-24T17:40:00Z')
    agenda.replace([old, item, ahead], t0 - 30 * 60 * s)
    agenda.replace([], t0 + 5 * s)
    expect(agenda.upcoming()).toEqual([item])
    expect(agenda.due(t0 + 15 * s, true)).toEqual([item])
  })

  it('keeps no occurrence a second time when a new list names it again', () => {
    const agenda = new Agenda(localStorage)
    agenda.replace([item], t0 - 60 * s)
    agenda.replace([item], t0 + 5 * s)
    expect(agenda.upcoming()).toEqual([item])
  })

  it('answers a late replay of an occurrence it played by itself with its own record', () => {
    const agenda = new Agenda(localStorage)
    agenda.replace([item], t0 - 60 * s)
    const [due] = agenda.due(t0, false)
    agenda.begin(due!, '2026-12-24T18:00:00.010Z')
    agenda.started(due!, '2026-12-24T18:00:00.400Z')
    agenda.finish(due!, 'finished', '2026-12-24T18:00:12.500Z')

    const claim = new Agenda(localStorage).claim({ schedule_id: 4, message_id: 9, requested_at: '2026-12-24T18:00:01.300Z' })
    expect(claim).toEqual({
      schedule_id: 4, message_id: 9, at, by: 'local', queued_at: '2026-12-24T18:00:00.010Z',
      started_at: '2026-12-24T18:00:00.400Z', finished_at: '2026-12-24T18:00:12.500Z', status: 'finished',
    })
  })

  it('takes an occurrence the server played out of its own hands', () => {
    const agenda = new Agenda(localStorage)
    agenda.replace([item], t0 - 60 * s)
    const claim = agenda.claim({ schedule_id: 4, message_id: 9, requested_at: '2026-12-24T18:00:01Z' })
    expect(claim).toEqual({ schedule_id: 4, message_id: 9, at, by: 'server' })
    expect(agenda.due(t0 + 20 * s, false)).toEqual([])
    expect(agenda.due(t0 + 20 * s, true)).toEqual([])
    // The same play again (a replay) finds that record rather than adding one.
    agenda.claim({ schedule_id: 4, message_id: 9, requested_at: '2026-12-24T18:00:01Z' })
    expect(agenda.handled()).toHaveLength(1)
  })

  it('remembers a server play of an occurrence it did not know, and the list that names it later changes nothing', () => {
    const agenda = new Agenda(localStorage)
    agenda.claim({ schedule_id: 4, message_id: 9, requested_at: '2026-12-24T18:00:01.800Z' })
    agenda.replace([item], t0 + 2 * s)
    expect(agenda.due(t0 + 20 * s, true)).toEqual([])
  })

  it('claims nothing for a manual send', () => {
    const agenda = new Agenda(localStorage)
    expect(agenda.claim({ schedule_id: 0, message_id: 9, requested_at: at })).toBeNull()
    expect(localStorage.getItem(occurrencesKey)).toBeNull()
  })

  it('closes a local play a previous page left: heard ones as interrupted, the others forgotten', () => {
    const agenda = new Agenda(localStorage)
    const other = upcoming(5, at)
    agenda.replace([item, other], t0 - 60 * s)
    agenda.begin(item, '2026-12-24T18:00:00.010Z')
    agenda.started(item, '2026-12-24T18:00:00.400Z')
    agenda.begin(other, '2026-12-24T18:00:00.020Z')

    const closed = new Agenda(localStorage).abandon('2026-12-24T18:00:05Z')
    expect(closed.map((record) => [record.schedule_id, record.status, record.finished_at])).toEqual([
      [4, 'interrupted', '2026-12-24T18:00:05Z'],
    ])
    expect(agenda.due(t0 + 10 * s, false)).toEqual([other])
    expect(new Agenda(localStorage).abandon('2026-12-24T18:00:06Z')).toEqual([])
  })

  it('records the end of a local play once', () => {
    const agenda = new Agenda(localStorage)
    agenda.begin(item, '2026-12-24T18:00:00.010Z')
    expect(agenda.finish(item, 'failed', '2026-12-24T18:00:01Z', 'audio_unavailable')?.status).toBe('failed')
    expect(agenda.finish(item, 'finished', '2026-12-24T18:00:02Z')?.status).toBe('failed')
    expect(agenda.finish(upcoming(7, at), 'finished', '2026-12-24T18:00:02Z')).toBeNull()
  })

  it('forgets everything on clear', () => {
    const agenda = new Agenda(localStorage)
    agenda.replace([item], t0 - 60 * s)
    agenda.begin(item, at)
    agenda.clear()
    expect(localStorage.getItem(agendaKey)).toBeNull()
    expect(localStorage.getItem(occurrencesKey)).toBeNull()
  })
})
