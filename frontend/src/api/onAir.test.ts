import { afterEach, describe, expect, it, vi } from 'vitest'

import { jsonResponse, routeFetch } from '../test-support/fixtures'
import {
  createPlayer, createSchedule, deletePlayer, deleteSchedule, disconnectAzuraCast, getAzuraCast, getCalendar, getDelivery,
  getNowPlaying, listPlayers, listPlays, listSchedules, listZones, newPairingCode, newPlayer, pauseSchedule, playMessage,
  playsExportUrl, resumeSchedule, revokePlayer, saveAzuraCast, setPlayerVolume, skipAzuraCast, stopPlayers, updatePlayer,
  updateSchedule,
} from './onAir'

afterEach(() => {
  vi.unstubAllGlobals()
  document.cookie = 'mf_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT'
})

const bodyOf = (init: RequestInit) => JSON.parse(String(init.body))
const echo = (extra: Record<string, unknown> = {}, status = 200) => (init: RequestInit) =>
  jsonResponse({ ...extra, ...(init.body ? bodyOf(init) : {}) }, status)
const noContent = () => new Response(null, { status: 204 })

describe('on-air API', () => {
  it('manages players with the CSRF header on every change', async () => {
    document.cookie = 'mf_csrf=tok-9'
    const stub = routeFetch({
      'GET /api/v1/players': () => jsonResponse({ players: [{ id: 1, name: 'Patio', online: true }], offline_after_seconds: 90 }),
      'POST /api/v1/players': echo({ id: 2 }, 201),
      'PATCH /api/v1/players/2': echo({ id: 2 }),
      'DELETE /api/v1/players/2': noContent,
      'POST /api/v1/players/2/pairing-code': () => jsonResponse({ code: 'ABCD-EF23', expires_at: '2026-12-01T12:15:00Z' }),
      'POST /api/v1/players/2/revoke': noContent,
      'POST /api/v1/players/2/volume': echo({ id: 2 }),
      'POST /api/v1/players/stop': noContent,
    })
    vi.stubGlobal('fetch', stub.fetchMock)

    expect(await listPlayers()).toEqual({ players: [{ id: 1, name: 'Patio', online: true }], offline_after_seconds: 90 })
    expect(await createPlayer({ ...newPlayer(), name: 'Nivel 2', zone: 'Norte' })).toMatchObject({ id: 2, name: 'Nivel 2', duck_db: -18 })
    expect(await updatePlayer(2, { volume: 60 })).toMatchObject({ id: 2, volume: 60 })
    expect(bodyOf(stub.calls[2]!.init)).toEqual({ volume: 60 })
    await deletePlayer(2)
    expect(await newPairingCode(2)).toEqual({ code: 'ABCD-EF23', expires_at: '2026-12-01T12:15:00Z' })
    await revokePlayer(2)
    expect(await setPlayerVolume(2, 35)).toMatchObject({ volume: 35 })
    await stopPlayers({ zones: ['Norte'] })
    expect(bodyOf(stub.calls[7]!.init)).toEqual({ targets: { zones: ['Norte'] } })

    expect(stub.calls.map((call) => `${call.method} ${call.url.pathname}`)).toEqual([
      'GET /api/v1/players', 'POST /api/v1/players', 'PATCH /api/v1/players/2', 'DELETE /api/v1/players/2',
      'POST /api/v1/players/2/pairing-code', 'POST /api/v1/players/2/revoke', 'POST /api/v1/players/2/volume',
      'POST /api/v1/players/stop',
    ])
    for (const call of stub.calls.slice(1)) expect((call.init.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok-9')
  })

  it('rejects a pairing answer without a code', async () => {
    vi.stubGlobal('fetch', routeFetch({ 'POST /api/v1/players/1/pairing-code': () => jsonResponse({ expires_at: 'x' }) }).fetchMock)
    await expect(newPairingCode(1)).rejects.toMatchObject({ code: 'invalid_response' })
  })

  it('reads the named zones and treats a null list as empty', async () => {
    vi.stubGlobal('fetch', routeFetch({ 'GET /api/v1/zones': () => jsonResponse({ zones: null }) }).fetchMock)
    expect(await listZones()).toEqual([])
    vi.stubGlobal('fetch', routeFetch({ 'GET /api/v1/zones': () => jsonResponse({ zones: [{ name: '', players: 2 }, { name: 'Nivel 2', players: 1 }] }) }).fetchMock)
    expect(await listZones()).toEqual([{ name: 'Nivel 2', players: 1 }])
    vi.stubGlobal('fetch', routeFetch({ 'GET /api/v1/zones': () => jsonResponse({ items: [] }) }).fetchMock)
    await expect(listZones()).rejects.toMatchObject({ code: 'invalid_response' })
  })

  it('sends a message to the speakers and follows the delivery', async () => {
    const stub = routeFetch({
      'POST /api/v1/messages/12/play': (init) => jsonResponse({ id: 5, message_id: 12, ...bodyOf(init), plays: [] }, 202),
      'GET /api/v1/deliveries/5': () => jsonResponse({ id: 5, plays: [{ id: 1, status: 'played' }] }),
    })
    vi.stubGlobal('fetch', stub.fetchMock)
    expect(await playMessage(12, { zones: ['Nivel 2'], player_ids: [7] }, 1)).toMatchObject({ id: 5, priority: 1 })
    expect(bodyOf(stub.calls[0]!.init)).toEqual({ targets: { zones: ['Nivel 2'], player_ids: [7] }, priority: 1 })
    await playMessage(12, { all: true })
    expect(bodyOf(stub.calls[1]!.init)).toEqual({ targets: { all: true }, priority: 4 })
    expect((await getDelivery(5)).plays[0]!.status).toBe('played')
  })

  it('passes the server error code and field details on', async () => {
    vi.stubGlobal('fetch', routeFetch({
      'POST /api/v1/messages/3/play': () => jsonResponse({ error: { code: 'invalid_targets', message: 'x', details: { zones: 'unknown zone Sur' } } }, 422),
    }).fetchMock)
    await expect(playMessage(3, { zones: ['Sur'] })).rejects.toMatchObject({ code: 'invalid_targets', status: 422, details: { zones: 'unknown zone Sur' } })
  })

  it('lists plays with only the chosen filters and builds the matching export link', async () => {
    const stub = routeFetch({
      'GET /api/v1/plays': () => jsonResponse({ plays: [{ id: 1 }], total: 51, page: 2, per_page: 50, timezone: 'America/Santiago' }),
    })
    vi.stubGlobal('fetch', stub.fetchMock)
    const query = { from: '2026-12-01', to: '2026-12-07', player_id: '' as const, zone: 'Nivel 2', source: 'schedule' as const, status: '' as const, page: 2, per_page: 50 }
    expect(await listPlays(query)).toEqual({ plays: [{ id: 1 }], total: 51, page: 2, per_page: 50, timezone: 'America/Santiago' })
    expect(Object.fromEntries(stub.calls[0]!.url.searchParams)).toEqual({
      from: '2026-12-01', to: '2026-12-07', zone: 'Nivel 2', source: 'schedule', page: '2', per_page: '50',
    })
    expect(playsExportUrl(query)).toBe('/api/v1/plays/export?from=2026-12-01&to=2026-12-07&zone=Nivel+2&source=schedule')
  })

  it('manages schedules and reads the calendar', async () => {
    const stub = routeFetch({
      'GET /api/v1/schedules': () => jsonResponse({ schedules: [{ id: 1 }] }),
      'POST /api/v1/schedules': echo({ id: 3 }, 201),
      'PATCH /api/v1/schedules/3': echo({ id: 3 }),
      'POST /api/v1/schedules/3/pause': () => jsonResponse({ id: 3, paused: true }),
      'POST /api/v1/schedules/3/resume': () => jsonResponse({ id: 3, paused: false }),
      'DELETE /api/v1/schedules/3': noContent,
      'GET /api/v1/calendar': () => jsonResponse({ timezone: 'America/Santiago', occurrences: [{ schedule_id: 3, local: '2026-12-24T18:30:00-03:00' }] }),
    })
    vi.stubGlobal('fetch', stub.fetchMock)

    expect(await listSchedules()).toEqual({ schedules: [{ id: 1 }], timezone: 'America/Santiago' })
    const input = { message_id: 12, kind: 'weekly' as const, times: ['09:00'], weekdays: ['mon' as const], priority: 4 as const, targets: { all: true } }
    expect(await createSchedule(input)).toMatchObject({ id: 3, kind: 'weekly' })
    expect(bodyOf(stub.calls[1]!.init)).toEqual(input)
    await updateSchedule(3, { ...input, times: ['10:00'] })
    expect(bodyOf(stub.calls[2]!.init).times).toEqual(['10:00'])
    expect((await pauseSchedule(3)).paused).toBe(true)
    expect((await resumeSchedule(3)).paused).toBe(false)
    await deleteSchedule(3)
    const calendar = await getCalendar('2026-12-01', '2026-12-31')
    expect(calendar.occurrences).toHaveLength(1)
    expect(Object.fromEntries(stub.calls[6]!.url.searchParams)).toEqual({ from: '2026-12-01', to: '2026-12-31' })
  })

  it('saves AzuraCast without the key when it is left blank', async () => {
    const stub = routeFetch({
      'GET /api/v1/settings/azuracast': () => jsonResponse({ configured: true, key_set: true, base_url: 'https://radio.cl' }),
      'PUT /api/v1/settings/azuracast': echo({ station_name: 'Radio Mall', key_set: true }),
      'DELETE /api/v1/settings/azuracast': noContent,
      'GET /api/v1/azuracast/now-playing': () => jsonResponse({ title: 'Tema', artist: 'Banda', elapsed_seconds: 10, duration_seconds: 200, listeners: 4 }),
      'POST /api/v1/azuracast/skip': noContent,
    })
    vi.stubGlobal('fetch', stub.fetchMock)

    expect(await getAzuraCast()).toMatchObject({ configured: true, key_set: true })
    const input = { base_url: 'https://radio.cl', api_key: '', station_id: '1', zone: '', playlist: '', enabled: true }
    expect(await saveAzuraCast(input)).toMatchObject({ station_name: 'Radio Mall' })
    expect(bodyOf(stub.calls[1]!.init)).not.toHaveProperty('api_key')
    await saveAzuraCast({ ...input, api_key: 'secret' })
    expect(bodyOf(stub.calls[2]!.init).api_key).toBe('secret')
    await disconnectAzuraCast()
    expect((await getNowPlaying()).listeners).toBe(4)
    await skipAzuraCast()
    expect(stub.calls.at(-1)!.method).toBe('POST')
  })
})
