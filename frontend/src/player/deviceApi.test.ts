import { describe, expect, it } from 'vitest'

import { formatCode, normalizeCode, parseDeviceConfig } from './deviceApi'

describe('pairing codes', () => {
  it.each([
    ['abcd-ef23', 'ABCD-EF23'],
    ['ab cd ef 23', 'ABCD-EF23'],
    ['ABCDEF23', 'ABCD-EF23'],
    ['abc', 'ABC'],
    ['abcde', 'ABCD-E'],
    ['abcd-ef23-xyz', 'ABCD-EF23'],
    ['  ', ''],
  ])('shows %j as %j', (typed, shown) => {
    expect(formatCode(typed)).toBe(shown)
  })

  it('keeps only letters and digits', () => {
    expect(normalizeCode(' ab-cd.ef_23 ')).toBe('ABCDEF23')
  })
})

describe('parseDeviceConfig', () => {
  it('fills in missing settings and drops tracks without audio', () => {
    const config = parseDeviceConfig({
      player: { id: 1, name: 'Hall', zone: 'Nivel 1' },
      music: [{ id: 2, name: 'Bossa', audio_url: '/api/v1/device/sounds/2/audio' }, { id: 3, name: 'Rota' }],
      upcoming: null,
    })
    expect(config.player).toEqual({
      id: 1, name: 'Hall', zone: 'Nivel 1', volume: 80, duck_db: -18, duck_attack_ms: 400, duck_release_ms: 1200, music_enabled: true,
    })
    expect(config.music.map((t) => t.id)).toEqual([2])
    expect(config.upcoming).toEqual([])
  })

  it('reads the upcoming occurrences with their schedule, and fills in what a server leaves out', () => {
    const config = parseDeviceConfig({
      player: { id: 1, name: 'Hall' },
      upcoming: [
        {
          schedule_id: 4, message_id: 9, at: '2026-12-24T21:30:00Z', priority: 2, title: 'Cierre',
          duration_seconds: 12.5, audio_url: '/api/v1/device/messages/9/audio',
        },
        { message_id: 10, at: '2026-12-24T22:00:00Z', audio_url: '/api/v1/device/messages/10/audio', priority: 9 },
        { schedule_id: 5, at: '2026-12-24T22:00:00Z' },
      ],
    })
    expect(config.upcoming).toEqual([
      {
        schedule_id: 4, message_id: 9, at: '2026-12-24T21:30:00Z', priority: 2, title: 'Cierre',
        duration_seconds: 12.5, audio_url: '/api/v1/device/messages/9/audio',
      },
      {
        schedule_id: 0, message_id: 10, at: '2026-12-24T22:00:00Z', priority: 5, title: '',
        duration_seconds: 0, audio_url: '/api/v1/device/messages/10/audio',
      },
    ])
  })

  it('refuses an answer without a player', () => {
    expect(() => parseDeviceConfig({ music: [] })).toThrow()
  })
})
