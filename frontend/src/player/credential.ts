// The player's device credential, kept in localStorage so the page opens
// already paired after a reload or a power cut.

import { parsePlayerSettings, type PlayerSettings } from './deviceApi'

/** The localStorage key of the credential and the player it opens. */
export const credentialKey = 'mediaflow.player'

/** StoredCredential is what pairing left behind. */
export interface StoredCredential {
  token: string
  player: PlayerSettings
}

/** loadCredential reads the stored credential; anything unreadable counts as none. */
export function loadCredential(storage: Storage | undefined): StoredCredential | null {
  try {
    const raw = storage?.getItem(credentialKey)
    if (!raw) return null
    const value: unknown = JSON.parse(raw)
    if (typeof value !== 'object' || value === null) return null
    const { token, player } = value as Record<string, unknown>
    if (typeof token !== 'string' || !token.startsWith('mfp_')) return null
    return { token, player: parsePlayerSettings(player) }
  } catch {
    return null
  }
}

/** saveCredential keeps the credential; a storage that refuses it is reported. */
export function saveCredential(storage: Storage | undefined, credential: StoredCredential): boolean {
  try {
    if (!storage) return false
    storage.setItem(credentialKey, JSON.stringify(credential))
    return true
  } catch {
    return false
  }
}

/** clearCredential forgets the credential. */
export function clearCredential(storage: Storage | undefined) {
  try {
    storage?.removeItem(credentialKey)
  } catch {
    // Nothing stored, or nothing we may change.
  }
}
