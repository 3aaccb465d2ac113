// Names the player page gives to codes, for its messages (kiosk.* keys).

/** Pairing failures with a text of the player page's own (kiosk.pair.errors.*). */
export const pairErrorCodes = ['pairing_code_invalid', 'network_error', 'timeout'] as const

/** Why a player returns to the pairing screen by itself (kiosk.pair.lost.*). */
export const lostReasons = ['credential_revoked', 'credential_replaced', 'player_removed', 'device_token_invalid'] as const

export type LostReason = (typeof lostReasons)[number]

/** lostReason names a lost credential's code; unknown codes read as an invalid credential. */
export function lostReason(code: string): LostReason {
  return (lostReasons as readonly string[]).includes(code) ? (code as LostReason) : 'device_token_invalid'
}

/** Priority names, most urgent first (kiosk.priority.*). */
export const priorityNames = ['emergency', 'urgent', 'operations', 'normal', 'low'] as const

export type PriorityName = (typeof priorityNames)[number]

/** priorityName names a priority from 1 to 5; anything else reads as normal. */
export function priorityName(priority: number): PriorityName {
  return priorityNames[priority - 1] ?? 'normal'
}
