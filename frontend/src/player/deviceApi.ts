// The device routes of the player page (docs/on-air.md, "Players and
// pairing"). They take the player's own credential as a Bearer token and
// never the visitor's cookies, so they do not go through api/client.ts,
// whose requests carry the signed-in user's session.

import { ApiError, clientErrorCodes, parseRetryAfter } from '../api/client'

/** The player's settings, as the server sends them. */
export interface PlayerSettings {
  id: number
  name: string
  zone: string
  /** 0–100. */
  volume: number
  /** Music level under an announcement, in dB (negative). */
  duck_db: number
  duck_attack_ms: number
  duck_release_ms: number
  music_enabled: boolean
}

/** A music bed the player loops through. */
export interface MusicTrack {
  id: number
  name: string
  artist: string
  duration_seconds: number
  audio_url: string
}

/**
 * A scheduled occurrence of the next day, listed so its audio can be cached
 * and so the player can play it on time by itself when the live channel is
 * down (agenda.ts).
 */
export interface UpcomingPlay {
  /** The schedule it comes from; 0 when the server does not say (it is then never played locally). */
  schedule_id: number
  message_id: number
  /** The occurrence, UTC RFC 3339. */
  at: string
  /** 1 (emergency) to 5 (low). */
  priority: number
  title: string
  duration_seconds: number
  audio_url: string
}

/** The answer of GET /api/v1/device/config. */
export interface DeviceConfig {
  player: PlayerSettings
  music: MusicTrack[]
  upcoming: UpcomingPlay[]
}

/** Pairing's answer: the credential to keep and the player it opens. */
export interface Pairing {
  token: string
  player: PlayerSettings
}

/** Defaults of docs/on-air.md for settings a server leaves out. */
export const defaultSettings: Omit<PlayerSettings, 'id' | 'name' | 'zone'> = {
  volume: 80,
  duck_db: -18,
  duck_attack_ms: 400,
  duck_release_ms: 1200,
  music_enabled: true,
}

const requestTimeoutMs = 15_000

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function num(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

function invalid(what: string): ApiError {
  return new ApiError(clientErrorCodes.invalidResponse, 200, `not ${what}`)
}

/** parsePlayerSettings checks a player object and fills in missing settings. */
export function parsePlayerSettings(value: unknown): PlayerSettings {
  if (!isRecord(value) || typeof value.id !== 'number' || typeof value.name !== 'string') {
    throw invalid('a player')
  }
  return {
    id: value.id,
    name: value.name,
    zone: str(value.zone),
    volume: num(value.volume, defaultSettings.volume),
    duck_db: num(value.duck_db, defaultSettings.duck_db),
    duck_attack_ms: num(value.duck_attack_ms, defaultSettings.duck_attack_ms),
    duck_release_ms: num(value.duck_release_ms, defaultSettings.duck_release_ms),
    music_enabled: typeof value.music_enabled === 'boolean' ? value.music_enabled : defaultSettings.music_enabled,
  }
}

function parseTrack(value: unknown): MusicTrack | null {
  if (!isRecord(value) || typeof value.audio_url !== 'string' || !value.audio_url) return null
  return {
    id: num(value.id, 0),
    name: str(value.name),
    artist: str(value.artist),
    duration_seconds: num(value.duration_seconds, 0),
    audio_url: value.audio_url,
  }
}

/** clampPriority keeps a priority within 1–5; anything else counts as normal (4). */
export function clampPriority(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return 4
  return Math.min(5, Math.max(1, Math.round(value)))
}

function parseUpcoming(value: unknown): UpcomingPlay | null {
  if (!isRecord(value) || typeof value.audio_url !== 'string' || !value.audio_url) return null
  const scheduleId = num(value.schedule_id, 0)
  return {
    schedule_id: Number.isInteger(scheduleId) && scheduleId > 0 ? scheduleId : 0,
    message_id: num(value.message_id, 0),
    at: str(value.at),
    priority: clampPriority(value.priority),
    title: str(value.title),
    duration_seconds: num(value.duration_seconds, 0),
    audio_url: value.audio_url,
  }
}

function list<T>(value: unknown, parse: (item: unknown) => T | null): T[] {
  if (!Array.isArray(value)) return []
  return value.map(parse).filter((item): item is T => item !== null)
}

/** parseDeviceConfig checks the answer of GET /api/v1/device/config. */
export function parseDeviceConfig(value: unknown): DeviceConfig {
  if (!isRecord(value)) throw invalid('a device config')
  return {
    player: parsePlayerSettings(value.player),
    music: list(value.music, parseTrack),
    upcoming: list(value.upcoming, parseUpcoming),
  }
}

/** errorOf turns a failed answer into an ApiError with the server's code. */
export async function errorOf(res: Response): Promise<ApiError> {
  let body: unknown = null
  try {
    body = JSON.parse(await res.text())
  } catch {
    body = null
  }
  const retryAfter = parseRetryAfter(res.headers.get('Retry-After'))
  const error = isRecord(body) && isRecord(body.error) ? body.error : null
  if (error && typeof error.code === 'string' && error.code) {
    return new ApiError(error.code, res.status, str(error.message) || error.code, {}, retryAfter)
  }
  return new ApiError(res.status === 429 ? 'too_many_attempts' : clientErrorCodes.unknown, res.status, `HTTP ${res.status}`, {}, retryAfter)
}

/** DeviceFetch is fetch, or a stand-in for it in tests. */
export type DeviceFetch = (input: string, init?: RequestInit) => Promise<Response>

/** deviceFetch sends a request without cookies, with the credential when one is given. */
export async function deviceFetch(
  fetcher: DeviceFetch,
  path: string,
  token: string | null,
  init: RequestInit = {},
): Promise<Response> {
  const headers = new Headers(init.headers)
  if (token) headers.set('Authorization', `Bearer ${token}`)
  try {
    return await fetcher(path, {
      ...init,
      headers,
      credentials: 'omit',
      signal: init.signal ?? AbortSignal.timeout(requestTimeoutMs),
    })
  } catch (err) {
    const timedOut = err instanceof DOMException && err.name === 'TimeoutError'
    throw new ApiError(timedOut ? clientErrorCodes.timeout : clientErrorCodes.network, 0, String(err))
  }
}

async function json(res: Response): Promise<unknown> {
  try {
    return await res.json()
  } catch {
    throw new ApiError(clientErrorCodes.invalidResponse, res.status, 'not JSON')
  }
}

/** normalizeCode keeps the letters and digits of a typed code, upper-cased. */
export function normalizeCode(typed: string): string {
  return typed.toUpperCase().replace(/[^A-Z0-9]/g, '')
}

/** formatCode shows up to eight characters of a code as ABCD-EF23. */
export function formatCode(typed: string): string {
  const code = normalizeCode(typed).slice(0, 8)
  return code.length > 4 ? `${code.slice(0, 4)}-${code.slice(4)}` : code
}

/**
 * pairDevice exchanges a pairing code for the player's credential. Failures
 * carry the server's code: pairing_code_invalid, too_many_attempts (with
 * retryAfter), or network_error when the server cannot be reached.
 */
export async function pairDevice(fetcher: DeviceFetch, typed: string): Promise<Pairing> {
  const res = await deviceFetch(fetcher, '/api/v1/device/pair', null, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ code: formatCode(typed) }),
  })
  if (!res.ok) throw await errorOf(res)
  const body = await json(res)
  if (!isRecord(body) || typeof body.token !== 'string' || !body.token) throw invalid('a pairing')
  return { token: body.token, player: parsePlayerSettings(body.player) }
}

/** fetchDeviceConfig loads the player's settings, music and upcoming plays. */
export async function fetchDeviceConfig(fetcher: DeviceFetch, token: string): Promise<DeviceConfig> {
  const res = await deviceFetch(fetcher, '/api/v1/device/config', token, { headers: { Accept: 'application/json' } })
  if (!res.ok) throw await errorOf(res)
  return parseDeviceConfig(await json(res))
}

/** Codes that mean the stored credential no longer opens this player. */
export const credentialLostCodes = new Set([
  'device_token_invalid',
  'credential_revoked',
  'credential_replaced',
  'player_removed',
])
