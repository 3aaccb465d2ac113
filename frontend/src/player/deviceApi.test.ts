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

  it('refuses an answer without a player', () => {
    expect(() => parseDeviceConfig({ music: [] })).toThrow()
  })
})
