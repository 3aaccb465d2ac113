// Priorities by name, and targets in words.

import type { Player, Priority, Targets } from '../api/onAir'
import type { Translate } from './ruleText'

export type PriorityName = 'emergency' | 'urgent' | 'operations' | 'normal' | 'low'

const names: Record<Priority, PriorityName> = { 1: 'emergency', 2: 'urgent', 3: 'operations', 4: 'normal', 5: 'low' }

/** priorityName returns the message key part for a priority ("normal" for unknown ones). */
export function priorityName(priority: number): PriorityName {
  return names[priority as Priority] ?? 'normal'
}

/** hasTargets tells whether targets choose anything. */
export function hasTargets(targets: Targets | null | undefined): boolean {
  return Boolean(targets && (targets.all || targets.zones?.length || targets.player_ids?.length))
}

/** cleanTargets keeps only what the API needs: all, or the non-empty lists. */
export function cleanTargets(targets: Targets): Targets {
  if (targets.all) return { all: true }
  const clean: Targets = {}
  if (targets.zones?.length) clean.zones = [...targets.zones]
  if (targets.player_ids?.length) clean.player_ids = [...targets.player_ids]
  return clean
}

/**
 * describeTargets says where something plays: "Todos los parlantes" or
 * "Zonas: Nivel 2 · Parlantes: Patio". Players it does not know are counted.
 */
export function describeTargets(targets: Targets | null | undefined, players: readonly Pick<Player, 'id' | 'name'>[], t: Translate): string {
  if (!targets || targets.all) return t('onAir.targets.summaryAll')
  const parts: string[] = []
  if (targets.zones?.length) parts.push(t('onAir.targets.summaryZones', { list: targets.zones.join(', ') }))
  const ids = targets.player_ids ?? []
  if (ids.length) {
    const known = ids.map((id) => players.find((player) => player.id === id)?.name)
    const list = known.every(Boolean) ? known.join(', ') : t('onAir.targets.playerCount', { count: ids.length })
    parts.push(t('onAir.targets.summaryPlayers', { list }))
  }
  return parts.join(' · ')
}
