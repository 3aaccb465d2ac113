// On air: players, zones, sending messages to the speakers, schedules, the
// calendar, the proof of play and the AzuraCast station (docs/on-air.md).

import { api, ApiError, clientErrorCodes, expectRecord, withQuery } from './client'

/** Priority goes from 1 (emergency) to 5 (low); 4 is the default. */
export type Priority = 1 | 2 | 3 | 4 | 5

/** The priorities, most urgent first. */
export const priorities: readonly Priority[] = [1, 2, 3, 4, 5]

export const defaultPriority: Priority = 4

/** Targets choose all players, or some zones and some players (they add up). */
export interface Targets {
  all?: boolean
  zones?: string[]
  player_ids?: number[]
}

export interface Player {
  id: number
  name: string
  zone: string
  volume: number
  duck_db: number
  duck_attack_ms: number
  duck_release_ms: number
  music_enabled: boolean
  music_ids: number[]
  paired: boolean
  paired_at: string | null
  online: boolean
  last_seen_at: string | null
  version: string
  now_playing: string
  created_at: string
}

/** The settings an admin gives a player. */
export type PlayerInput = Pick<
  Player,
  'name' | 'zone' | 'volume' | 'duck_db' | 'duck_attack_ms' | 'duck_release_ms' | 'music_enabled'
> & { music_ids?: number[] }

/** The limits the server enforces on a player's settings. */
export const playerLimits = {
  name: 80,
  zone: 80,
  volume: { min: 0, max: 100 },
  duck_db: { min: -40, max: 0 },
  duck_ms: { min: 50, max: 5000 },
} as const

/** newPlayer holds the server's defaults for a new player. */
export function newPlayer(): PlayerInput {
  return { name: '', zone: '', volume: 80, duck_db: -18, duck_attack_ms: 400, duck_release_ms: 1200, music_enabled: true }
}

export interface PlayerList {
  players: Player[]
  offline_after_seconds: number
}

export interface PairingCode {
  code: string
  expires_at: string
}

export interface Zone {
  name: string
  players: number
}

export type PlayStatus = 'pending' | 'received' | 'started' | 'played' | 'failed' | 'interrupted' | 'skipped' | 'missed'

/** Statuses a play does not leave again. */
export const finalPlayStatuses: readonly PlayStatus[] = ['played', 'failed', 'interrupted', 'skipped', 'missed']

export const playStatuses: readonly PlayStatus[] = ['pending', 'received', 'started', ...finalPlayStatuses]

export type PlaySource = 'manual' | 'schedule'

export const playSources: readonly PlaySource[] = ['manual', 'schedule']

export interface Play {
  id: number
  delivery_id: number
  message_id: number
  message_name: string
  player_id: number
  player_name: string
  zone: string
  source: PlaySource
  /** Left out for manual plays. */
  schedule_id?: number | null
  priority: Priority
  status: PlayStatus
  requested_at: string
  received_at: string | null
  started_at: string | null
  finished_at: string | null
  /** Left out when the play did not fail. */
  error?: string
}

export interface Delivery {
  id: number
  message_id: number
  priority: Priority
  source: PlaySource
  schedule_id: number | null
  targets: Targets
  created_at: string
  plays: Play[]
}

/** PlaysQuery filters the proof of play; dates are local, both inclusive. */
export interface PlaysQuery {
  from?: string
  to?: string
  player_id?: number | ''
  zone?: string
  message_id?: number | ''
  source?: PlaySource | ''
  status?: PlayStatus | ''
  page?: number
  per_page?: number
}

export interface PlayPage {
  plays: Play[]
  total: number
  page: number
  per_page: number
  timezone: string
}

export type ScheduleKind = 'once' | 'weekly' | 'interval'

export const scheduleKinds: readonly ScheduleKind[] = ['once', 'weekly', 'interval']

/** Weekday is how the API names a day of the week. */
export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'

/** The rule of a schedule: when it fires, in the tenant's local time. */
export interface ScheduleRule {
  kind: ScheduleKind
  /** once: "2026-12-24T18:30". */
  at?: string
  /** weekly: ["09:00", "18:30"]. */
  times?: string[]
  /** weekly and interval. */
  weekdays?: Weekday[]
  /** interval: 1 to 720. */
  every_minutes?: number
  window_start?: string
  window_end?: string
  /** Optional "YYYY-MM-DD", inclusive. */
  start_date?: string
  end_date?: string
}

/** What a client sends to create or replace a schedule. */
export interface ScheduleInput extends ScheduleRule {
  message_id: number
  name?: string
  priority: Priority
  targets: Targets
}

export interface Schedule extends ScheduleInput {
  id: number
  message_name: string
  name: string
  paused: boolean
  next_run_at: string | null
  next_run_local: string | null
  last_run_at: string | null
  created_at: string
  updated_at: string
}

export interface ScheduleList {
  schedules: Schedule[]
  timezone: string
}

export interface Occurrence {
  schedule_id: number
  message_id: number
  title: string
  priority: Priority
  targets: Targets
  paused: boolean
  /** The instant, in UTC. */
  at: string
  /** The same instant as a local time with its offset, "2026-12-24T18:30:00-03:00". */
  local: string
}

export interface Calendar {
  timezone: string
  occurrences: Occurrence[]
}

export interface AzuraCastSettings {
  configured: boolean
  base_url: string
  station_id: string
  zone: string
  playlist: string
  enabled: boolean
  key_set: boolean
  station_name?: string
}

export interface AzuraCastInput {
  base_url: string
  /** Left out to keep the stored key. */
  api_key?: string
  station_id: string
  zone: string
  playlist: string
  enabled: boolean
}

export interface NowPlaying {
  title: string
  artist: string
  elapsed_seconds: number
  duration_seconds: number
  listeners: number
}

const base = '/api/v1'

function listOf<T>(body: unknown, key: string): T[] {
  const record = expectRecord<Record<string, unknown>>(body)
  const list = record[key]
  if (list === null) return []
  if (!Array.isArray(list)) throw new ApiError(clientErrorCodes.invalidResponse, 200, `expected ${key}`)
  return list as T[]
}

function textOf(record: Record<string, unknown>, key: string, fallback: string): string {
  const value = record[key]
  return typeof value === 'string' && value ? value : fallback
}

/** The time zone the server uses when an answer leaves it out. */
export const fallbackTimeZone = 'America/Santiago'

// Players and zones

export async function listPlayers(signal?: AbortSignal): Promise<PlayerList> {
  const body = await api.get(`${base}/players`, { signal })
  const record = expectRecord<Record<string, unknown>>(body)
  return {
    players: listOf<Player>(body, 'players'),
    offline_after_seconds: Number(record.offline_after_seconds) || 60,
  }
}

export async function createPlayer(input: PlayerInput): Promise<Player> {
  return expectRecord<Player>(await api.post(`${base}/players`, { ...input }))
}

export async function updatePlayer(id: number, changes: Partial<PlayerInput>): Promise<Player> {
  return expectRecord<Player>(await api.patch(`${base}/players/${id}`, { ...changes }))
}

export async function deletePlayer(id: number): Promise<void> {
  await api.delete(`${base}/players/${id}`)
}

/** newPairingCode issues a one-time code that pairs the player's page. */
export async function newPairingCode(id: number): Promise<PairingCode> {
  const body = expectRecord<Partial<PairingCode>>(await api.post(`${base}/players/${id}/pairing-code`))
  if (typeof body.code !== 'string' || typeof body.expires_at !== 'string') {
    throw new ApiError(clientErrorCodes.invalidResponse, 200, 'expected code and expires_at')
  }
  return { code: body.code, expires_at: body.expires_at }
}

/** revokePlayer withdraws the player's credential; its page returns to pairing. */
export async function revokePlayer(id: number): Promise<void> {
  await api.post(`${base}/players/${id}/revoke`)
}

export async function setPlayerVolume(id: number, volume: number): Promise<Player> {
  return expectRecord<Player>(await api.post(`${base}/players/${id}/volume`, { volume }))
}

/** stopPlayers stops the announcements the targets are playing. */
export async function stopPlayers(targets: Targets): Promise<void> {
  await api.post(`${base}/players/stop`, { targets: { ...targets } })
}

/** listZones returns the named zones; players without a zone are not one. */
export async function listZones(signal?: AbortSignal): Promise<Zone[]> {
  return listOf<Zone>(await api.get(`${base}/zones`, { signal }), 'zones').filter((zone) => zone.name)
}

// Sending to the speakers

/** playMessage sends a ready message to the targets' speakers now. */
export async function playMessage(messageId: number, targets: Targets, priority: Priority = defaultPriority): Promise<Delivery> {
  return expectRecord<Delivery>(await api.post(`${base}/messages/${messageId}/play`, { targets: { ...targets }, priority }))
}

export async function getDelivery(id: number, signal?: AbortSignal): Promise<Delivery> {
  return expectRecord<Delivery>(await api.get(`${base}/deliveries/${id}`, { signal }))
}

// Proof of play

/** playsParams turns plays filters into query parameters, leaving out empty ones. */
export function playsParams(query: PlaysQuery): Record<string, string> {
  const params: Record<string, string> = {}
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    params[key] = String(value)
  }
  return params
}

export async function listPlays(query: PlaysQuery, signal?: AbortSignal): Promise<PlayPage> {
  const body = await api.get(`${base}/plays`, { query: playsParams(query), signal })
  const record = expectRecord<Record<string, unknown>>(body)
  const plays = listOf<Play>(body, 'plays')
  return {
    plays,
    total: Number(record.total) || 0,
    page: Number(record.page) || query.page || 1,
    per_page: Number(record.per_page) || query.per_page || plays.length,
    timezone: textOf(record, 'timezone', fallbackTimeZone),
  }
}

/** playsExportUrl is where the browser downloads the filtered plays as CSV. */
export function playsExportUrl(query: PlaysQuery): string {
  return withQuery(`${base}/plays/export`, playsParams({ ...query, page: undefined, per_page: undefined }))
}

// Schedules and the calendar

export async function listSchedules(signal?: AbortSignal): Promise<ScheduleList> {
  const body = await api.get(`${base}/schedules`, { signal })
  const record = expectRecord<Record<string, unknown>>(body)
  return { schedules: listOf<Schedule>(body, 'schedules'), timezone: textOf(record, 'timezone', fallbackTimeZone) }
}

export async function getSchedule(id: number, signal?: AbortSignal): Promise<Schedule> {
  return expectRecord<Schedule>(await api.get(`${base}/schedules/${id}`, { signal }))
}

export async function createSchedule(input: ScheduleInput): Promise<Schedule> {
  return expectRecord<Schedule>(await api.post(`${base}/schedules`, { ...input }))
}

/** updateSchedule replaces the schedule's rule, priority and targets. */
export async function updateSchedule(id: number, input: ScheduleInput): Promise<Schedule> {
  return expectRecord<Schedule>(await api.patch(`${base}/schedules/${id}`, { ...input }))
}

export async function deleteSchedule(id: number): Promise<void> {
  await api.delete(`${base}/schedules/${id}`)
}

export async function pauseSchedule(id: number): Promise<Schedule> {
  return expectRecord<Schedule>(await api.post(`${base}/schedules/${id}/pause`))
}

export async function resumeSchedule(id: number): Promise<Schedule> {
  return expectRecord<Schedule>(await api.post(`${base}/schedules/${id}/resume`))
}

/** getCalendar expands every occurrence between two local dates (at most 62 days). */
export async function getCalendar(from: string, to: string, signal?: AbortSignal): Promise<Calendar> {
  const body = await api.get(`${base}/calendar`, { query: { from, to }, signal })
  const record = expectRecord<Record<string, unknown>>(body)
  return { timezone: textOf(record, 'timezone', fallbackTimeZone), occurrences: listOf<Occurrence>(body, 'occurrences') }
}

// AzuraCast

export async function getAzuraCast(signal?: AbortSignal): Promise<AzuraCastSettings> {
  return expectRecord<AzuraCastSettings>(await api.get(`${base}/settings/azuracast`, { signal }))
}

/** saveAzuraCast stores the station; the server checks the connection first. */
export async function saveAzuraCast(input: AzuraCastInput): Promise<AzuraCastSettings> {
  const body: Record<string, unknown> = { ...input }
  if (!input.api_key) delete body.api_key
  return expectRecord<AzuraCastSettings>(await api.put(`${base}/settings/azuracast`, body))
}

export async function disconnectAzuraCast(): Promise<void> {
  await api.delete(`${base}/settings/azuracast`)
}

export async function getNowPlaying(signal?: AbortSignal): Promise<NowPlaying> {
  return expectRecord<NowPlaying>(await api.get(`${base}/azuracast/now-playing`, { signal }))
}

export async function skipAzuraCast(): Promise<void> {
  await api.post(`${base}/azuracast/skip`)
}
