import { ref, shallowRef } from 'vue'

import { listPlayers, listZones, type Player, type Zone } from '../api/onAir'

/**
 * useSpeakers loads the players and zones a message can be sent to, for
 * the targets picker.
 */
export function useSpeakers() {
  const players = ref<Player[]>([])
  const zones = ref<Zone[]>([])
  const status = ref<'loading' | 'ready' | 'error'>('loading')
  const error = shallowRef<unknown>(null)

  async function load() {
    status.value = 'loading'
    try {
      const [list, zoneList] = await Promise.all([listPlayers(), listZones()])
      players.value = list.players
      zones.value = zoneList
      status.value = 'ready'
    } catch (err) {
      error.value = err
      status.value = 'error'
    }
  }

  return { players, zones, status, error, load }
}
