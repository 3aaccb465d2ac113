import type { Player, Zone } from '../api/onAir'

/** playerOf builds a player as GET /api/v1/players lists it. */
export function playerOf(id: number, name: string, zone: string, extra: Partial<Player> = {}): Player {
  return {
    id, name, zone, volume: 80, duck_db: -18, duck_attack_ms: 400, duck_release_ms: 1200, music_enabled: true, music_ids: [],
    paired: true, paired_at: '2026-12-01T12:00:00Z', online: true, last_seen_at: '2026-12-03T12:00:00Z', version: '1.0.0',
    now_playing: '', created_at: '2026-12-01T11:00:00Z', ...extra,
  }
}

export const patio = playerOf(1, 'Patio de comidas', 'Nivel 2')
export const entrada = playerOf(2, 'Entrada norte', 'Nivel 1', { online: false, last_seen_at: '2026-12-03T11:00:00Z' })
export const bodega = playerOf(3, 'Bodega', '', { paired: false, online: false, last_seen_at: null, version: '' })

export const zonesOf = (players: Player[]): Zone[] =>
  [...new Set(players.map((player) => player.zone).filter(Boolean))].map((name) => ({
    name,
    players: players.filter((player) => player.zone === name).length,
  }))
