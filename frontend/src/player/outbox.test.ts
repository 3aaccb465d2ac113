import { beforeEach, describe, expect, it } from 'vitest'

import { clearCredential, credentialKey, loadCredential, saveCredential } from './credential'
import { handledKey, offlineKey, Outbox, outboxKey, sameInstant, type OfflineReport } from './outbox'

const player = {
  id: 3, name: 'Estacionamiento', zone: 'Subterráneo', volume: 90,
  duck_db: -12, duck_attack_ms: 300, duck_release_ms: 900, music_enabled: false,
}

beforeEach(() => localStorage.clear())

describe('credential', () => {
  it('is kept and read back', () => {
    expect(saveCredential(localStorage, { token: 'mfp_abc', player })).toBe(true)
    expect(loadCredential(localStorage)).toEqual({ token: 'mfp_abc', player })
    clearCredential(localStorage)
    expect(loadCredential(localStorage)).toBeNull()
  })

  it.each([
    ['not JSON', '{'],
    ['a token of another kind', JSON.stringify({ token: 'mfk_abc', player })],
    ['no player', JSON.stringify({ token: 'mfp_abc' })],
  ])('counts %s as none', (_name, raw) => {
    localStorage.setItem(credentialKey, raw)
    expect(loadCredential(localStorage)).toBeNull()
  })

  it('copes without storage', () => {
    expect(saveCredential(undefined, { token: 'mfp_abc', player })).toBe(false)
    expect(loadCredential(undefined)).toBeNull()
  })
})

describe('Outbox', () => {
  it('keeps acknowledgements in order until the server confirms them', () => {
    const outbox = new Outbox(localStorage)
    outbox.add({ play_id: 1, status: 'received', at: '2026-12-24T18:30:00Z' })
    outbox.add({ play_id: 1, status: 'started', at: '2026-12-24T18:30:01Z' })
    outbox.add({ play_id: 2, status: 'received', at: '2026-12-24T18:30:02Z' })
    outbox.add({ play_id: 1, status: 'started', at: '2026-12-24T18:30:03Z' })
    const kept = () => new Outbox(localStorage).pending().map((a) => `${a.play_id} ${a.status}`)
    expect(kept()).toEqual(['1 received', '1 started', '2 received', '1 started'])

    outbox.confirm(1, 'started')
    expect(kept()).toEqual(['1 received', '2 received'])
    outbox.confirm(2, 'finished')
    outbox.confirm(3, 'received')
    expect(kept()).toEqual(['1 received', '2 received'])
    outbox.confirm(2, 'received')
    outbox.confirm(1, 'received')
    expect(localStorage.getItem(outboxKey)).toBeNull()
  })

  it('forgets every acknowledgement of one play', () => {
    const outbox = new Outbox(localStorage)
    outbox.add({ play_id: 1, status: 'received', at: '2026-12-24T18:30:00Z' })
    outbox.add({ play_id: 2, status: 'received', at: '2026-12-24T18:30:01Z' })
    outbox.add({ play_id: 1, status: 'finished', at: '2026-12-24T18:30:02Z' })
    outbox.forget(1)
    expect(outbox.pending().map((a) => `${a.play_id} ${a.status}`)).toEqual(['2 received'])
    expect(outbox.handled()).toEqual([1])
  })

  it('remembers the plays that reached an outcome, longer than their acknowledgements', () => {
    const outbox = new Outbox(localStorage)
    for (const [id, status] of [[1, 'received'], [1, 'finished'], [2, 'interrupted'], [3, 'skipped'], [4, 'failed'], [5, 'started']] as const) {
      outbox.add({ play_id: id, status, at: '2026-12-24T18:30:00Z' })
      outbox.confirm(id, status)
    }
    expect(outbox.pending()).toEqual([])
    expect(outbox.handled()).toEqual([1, 2, 3, 4])
  })

  it('forgets the oldest outcomes beyond 500', () => {
    const outbox = new Outbox(localStorage)
    localStorage.setItem(handledKey, JSON.stringify(Array.from({ length: 500 }, (_, i) => i + 1)))
    outbox.add({ play_id: 501, status: 'finished', at: '2026-12-24T18:30:00Z' })
    const handled = outbox.handled()
    expect(handled).toHaveLength(500)
    expect(handled[0]).toBe(2)
    expect(handled.at(-1)).toBe(501)
  })

  it('ignores garbage in storage and clears everything', () => {
    localStorage.setItem(outboxKey, JSON.stringify([
      { play_id: 'x' }, { play_id: 9, status: 'finished', at: 'now' }, 4, { play_id: 8, status: 'danced', at: 'now' },
    ]))
    const outbox = new Outbox(localStorage)
    expect(outbox.pending()).toHaveLength(1)
    outbox.add({ play_id: 9, status: 'finished', at: 'now' })
    outbox.addReport({ schedule_id: 1, message_id: 2, at: '2026-12-24T18:00:00Z', finished_at: 'x', status: 'finished' })
    outbox.clear()
    expect(outbox.pending()).toEqual([])
    expect(outbox.handled()).toEqual([])
    expect(outbox.reports()).toEqual([])
  })
})

describe('Outbox offline reports', () => {
  const report = (scheduleId: number, at: string, status: OfflineReport['status'] = 'finished'): OfflineReport => ({
    schedule_id: scheduleId, message_id: 9, at, started_at: at, finished_at: at, status,
  })

  it('keeps them across a reload until the server confirms that occurrence', () => {
    new Outbox(localStorage).addReport(report(4, '2026-12-24T18:00:00Z'))
    new Outbox(localStorage).addReport(report(4, '2026-12-24T18:30:00Z'))
    new Outbox(localStorage).addReport(report(5, '2026-12-24T18:00:00Z'))
    const outbox = new Outbox(localStorage)
    expect(outbox.reports().map((r) => `${r.schedule_id} ${r.at}`)).toEqual([
      '4 2026-12-24T18:00:00Z', '4 2026-12-24T18:30:00Z', '5 2026-12-24T18:00:00Z',
    ])

    // The server may write the same instant another way.
    outbox.confirmReport(4, '2026-12-24T18:30:00.000Z')
    outbox.confirmReport(6, '2026-12-24T18:00:00Z')
    expect(outbox.reports().map((r) => `${r.schedule_id} ${r.at}`)).toEqual(['4 2026-12-24T18:00:00Z', '5 2026-12-24T18:00:00Z'])
    outbox.confirmReport(4, '2026-12-24T18:00:00Z')
    outbox.confirmReport(5, '2026-12-24T18:00:00Z')
    expect(localStorage.getItem(offlineKey)).toBeNull()
  })

  it('keeps one report per occurrence, the last', () => {
    const outbox = new Outbox(localStorage)
    outbox.addReport(report(4, '2026-12-24T18:00:00Z', 'failed'))
    outbox.addReport(report(4, '2026-12-24T18:00:00.000Z', 'finished'))
    expect(outbox.reports().map((r) => r.status)).toEqual(['finished'])
  })

  it('ignores reports it cannot send', () => {
    localStorage.setItem(offlineKey, JSON.stringify([
      report(4, '2026-12-24T18:00:00Z'), { schedule_id: 4, at: 'x' }, { ...report(5, 'y'), status: 'interrupted' },
    ]))
    expect(new Outbox(localStorage).reports()).toHaveLength(1)
  })

  it.each([
    ['2026-12-24T18:00:00Z', '2026-12-24T18:00:00.000Z', true],
    ['2026-12-24T18:00:00Z', '2026-12-24T15:00:00-03:00', true],
    ['2026-12-24T18:00:00Z', '2026-12-24T18:00:01Z', false],
    ['garbage', 'garbage', true],
    ['garbage', 'other', false],
  ])('compares %s and %s as the same instant: %s', (a, b, same) => {
    expect(sameInstant(a, b)).toBe(same)
  })
})
