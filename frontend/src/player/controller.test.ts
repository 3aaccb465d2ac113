import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { ApiError } from '../api/client'
import { FakeEngine, FakeLive } from '../test-support/player'
import { agendaKey } from './agenda'
import type { AudioLoader } from './audioCache'
import { configKey, PlayerController } from './controller'
import { credentialKey } from './credential'
import type { DeviceConfig, PlayerSettings } from './deviceApi'
import type { PlayCommand } from './live'
import { handledKey, outboxKey } from './outbox'

const settings: PlayerSettings = {
  id: 7, name: 'Patio de comidas', zone: 'Nivel 2', volume: 70,
  duck_db: -18, duck_attack_ms: 400, duck_release_ms: 1200, music_enabled: true,
}

const config: DeviceConfig = {
  player: settings,
  music: [{ id: 1, name: 'Bossa', artist: 'Estudio', duration_seconds: 180, audio_url: '/api/v1/device/sounds/1/audio' }],
  upcoming: [{
    schedule_id: 4, message_id: 9, at: '2026-12-24T21:30:00Z', priority: 4, title: 'Cierre',
    duration_seconds: 12, audio_url: '/api/v1/device/messages/9/audio',
  }],
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

function play(playId: number, priority = 4, title = `Aviso ${playId}`): PlayCommand {
  return {
    play_id: playId, schedule_id: 0, message_id: 100 + playId, priority, title,
    audio_url: `/api/v1/device/messages/${100 + playId}/audio`, duration_seconds: 8, requested_at: '2026-12-24T18:30:00Z',
  }
}

function setUp(routes: Record<string, () => Response | Promise<Response>> = {}) {
  const engine = new FakeEngine()
  const loader: AudioLoader = { load: vi.fn(), prefetch: vi.fn(async () => {}), prune: vi.fn(async () => {}) }
  const requests: { url: string; init?: RequestInit }[] = []
  const fetcher = vi.fn(async (url: string, init?: RequestInit) => {
    requests.push({ url, init })
    const route = routes[`${init?.method ?? 'GET'} ${url}`]
    if (!route) return json({ error: { code: 'not_found' } }, 404)
    return route()
  })
  const lives: FakeLive[] = []
  const controller = new PlayerController({
    storage: localStorage,
    engine,
    loader,
    fetcher,
    createLive: (token, outbox, handlers) => {
      const live = new FakeLive(token, outbox, handlers)
      lives.push(live)
      return live
    },
  })
  const live = () => lives[lives.length - 1]!
  return { controller, engine, loader, fetcher, requests, lives, live }
}

const paired = {
  'POST /api/v1/device/pair': () => json({ token: 'mfp_new', player: settings }),
  'GET /api/v1/device/config': () => json(config),
}

beforeEach(() => {
  localStorage.clear()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('PlayerController pairing', () => {
  it('starts on the pairing screen without a credential', () => {
    const { controller } = setUp()
    expect(controller.view.screen).toBe('pair')
  })

  it('pairs with a typed code, keeps the credential and starts playing', async () => {
    const { controller, engine, requests, live } = setUp(paired)
    await controller.pair('abcd ef23')
    expect(engine.unlock).toHaveBeenCalled()
    expect(requests[0]!.init?.body).toBe(JSON.stringify({ code: 'ABCD-EF23' }))
    expect(requests[0]!.init?.credentials).toBe('omit')
    expect(JSON.parse(localStorage.getItem(credentialKey)!)).toEqual({ token: 'mfp_new', player: settings })
    expect(controller.view.screen).toBe('running')
    expect(live().token).toBe('mfp_new')
    expect(live().started).toBe(true)

    await vi.waitFor(() => expect(engine.log).toContain('music /api/v1/device/sounds/1/audio'))
    const configRequest = requests.find((r) => r.url === '/api/v1/device/config')!
    expect(new Headers(configRequest.init?.headers).get('Authorization')).toBe('Bearer mfp_new')
    expect(engine.volume).toBe(70)
  })

  it('caches the upcoming plays and the music after loading the configuration', async () => {
    const { controller, loader } = setUp(paired)
    await controller.pair('ABCD-EF23')
    await vi.waitFor(() =>
      expect(loader.prefetch).toHaveBeenCalledWith(['/api/v1/device/messages/9/audio', '/api/v1/device/sounds/1/audio']),
    )
    expect(loader.prune).toHaveBeenCalledWith(['/api/v1/device/sounds/1/audio', '/api/v1/device/messages/9/audio'])
  })

  it.each([
    ['pairing_code_invalid', 422, {}, null],
    ['too_many_attempts', 429, { 'Retry-After': '600' }, 600],
  ])('stays on the pairing screen when the server answers %s', async (code, status, headers, retryAfter) => {
    const { controller } = setUp({ 'POST /api/v1/device/pair': () => json({ error: { code, message: code } }, status, headers) })
    const failure = await controller.pair('ABCD-EF23').catch((err: unknown) => err)
    expect(failure).toBeInstanceOf(ApiError)
    expect((failure as ApiError).code).toBe(code)
    expect((failure as ApiError).retryAfter).toBe(retryAfter)
    expect(controller.view.screen).toBe('pair')
    expect(localStorage.getItem(credentialKey)).toBeNull()
  })

  it('reports a server it cannot reach as a network error', async () => {
    const { controller, fetcher } = setUp()
    fetcher.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    const failure = await controller.pair('ABCD-EF23').catch((err: unknown) => err)
    expect((failure as ApiError).code).toBe('network_error')
  })

  it('asks for a click to start when a credential is stored, and can forget it', () => {
    localStorage.setItem(credentialKey, JSON.stringify({ token: 'mfp_old', player: settings }))
    localStorage.setItem(outboxKey, JSON.stringify([{ play_id: 1, status: 'finished', at: 'x' }]))
    const { controller } = setUp(paired)
    expect(controller.view.screen).toBe('start')
    expect(controller.view.player?.name).toBe('Patio de comidas')

    controller.unpair()
    expect(controller.view.screen).toBe('pair')
    expect(localStorage.getItem(credentialKey)).toBeNull()
    expect(localStorage.getItem(outboxKey)).toBeNull()
  })

  it('starts a stored player with the stored configuration before the server answers', async () => {
    localStorage.setItem(credentialKey, JSON.stringify({ token: 'mfp_old', player: settings }))
    localStorage.setItem(configKey, JSON.stringify(config))
    const { controller, engine, live } = setUp({ 'GET /api/v1/device/config': () => new Promise(() => {}) })
    await controller.begin()
    expect(engine.unlock).toHaveBeenCalled()
    expect(engine.log).toContain('music /api/v1/device/sounds/1/audio')
    expect(live().token).toBe('mfp_old')
  })

  it('goes back to pairing when the configuration says the credential is gone', async () => {
    localStorage.setItem(credentialKey, JSON.stringify({ token: 'mfp_old', player: settings }))
    const { controller } = setUp({
      'GET /api/v1/device/config': () => json({ error: { code: 'device_token_invalid' } }, 401),
    })
    await controller.begin()
    await vi.waitFor(() => expect(controller.view.screen).toBe('pair'))
    expect(controller.view.lostBecause).toBe('device_token_invalid')
    expect(localStorage.getItem(credentialKey)).toBeNull()
  })

  it('asks for the configuration again after a failure', async () => {
    vi.useFakeTimers()
    let answers = 0
    localStorage.setItem(credentialKey, JSON.stringify({ token: 'mfp_old', player: settings }))
    const { controller, engine } = setUp({
      'GET /api/v1/device/config': () => (++answers === 1 ? json({ error: { code: 'internal_error' } }, 500) : json(config)),
    })
    await controller.begin()
    await vi.advanceTimersByTimeAsync(0)
    expect(controller.view.configError).toBe('internal_error')
    await vi.advanceTimersByTimeAsync(15_000)
    expect(controller.view.configError).toBeNull()
    expect(engine.log).toContain('music /api/v1/device/sounds/1/audio')
  })
})

describe('PlayerController on the live channel', () => {
  async function running() {
    const setup = setUp(paired)
    await setup.controller.pair('ABCD-EF23')
    setup.engine.log = []
    return setup
  }

  it('acknowledges a play, ducks the music, and reports start and end', async () => {
    const { controller, engine, live } = await running()
    live().handlers.play(play(1))
    expect(live().acks).toEqual(['1 received'])
    expect(engine.log).toEqual(['announce /api/v1/device/messages/101/audio ducked'])
    expect(controller.view.current?.playId).toBe(1)
    expect(controller.view.announcement).toBe('loading')

    engine.playing!.events.started()
    expect(controller.view.announcement).toBe('playing')
    expect(controller.nowPlaying()).toBe('Aviso 1')
    engine.playing!.events.ended()
    expect(live().acks).toEqual(['1 received', '1 started', '1 finished'])
    expect(engine.level).toBe('normal')
    expect(controller.view.current).toBeNull()
  })

  it('mutes the music for an emergency that interrupts an urgent message', async () => {
    const { controller, engine, live } = await running()
    live().handlers.play(play(1, 2))
    engine.playing!.events.started()
    live().handlers.play(play(2, 1, 'Evacuación'))
    expect(live().acks).toEqual(['1 received', '1 started', '2 received', '1 interrupted'])
    expect(engine.log.slice(-2)).toEqual([
      'halt /api/v1/device/messages/101/audio',
      'announce /api/v1/device/messages/102/audio muted',
    ])
    expect(controller.view.current?.title).toBe('Evacuación')
    engine.playing!.events.started()
    engine.playing!.events.ended()
    expect(engine.level).toBe('normal')
    expect(live().acks.at(-1)).toBe('2 finished')
  })

  it('keeps a low message waiting for the current one', async () => {
    const { controller, engine, live } = await running()
    live().handlers.play(play(1, 4))
    live().handlers.play(play(2, 5))
    expect(controller.view.pending.map((item) => item.playId)).toEqual([2])
    expect(live().handlers.heartbeat()).toEqual({ now_playing: 'Aviso 1', queue: 1 })
    engine.playing!.events.ended()
    expect(engine.playing?.url).toBe('/api/v1/device/messages/102/audio')
    expect(engine.log).not.toContain('level normal')
  })

  it('reports an announcement that fails and moves on', async () => {
    const { engine, live } = await running()
    live().handlers.play(play(1))
    live().handlers.play(play(2))
    engine.playing!.events.failed('audio_unavailable')
    expect(live().acks).toContain('1 failed audio_unavailable')
    expect(engine.playing?.url).toBe('/api/v1/device/messages/102/audio')
  })

  it('ignores a play it already has, as replayed after a reconnection', async () => {
    const { engine, live } = await running()
    live().handlers.play(play(1))
    live().handlers.play(play(1))
    expect(live().acks).toEqual(['1 received'])
    expect(engine.log.filter((line) => line.startsWith('announce'))).toHaveLength(1)
  })

  it('ignores plays finished before a reload', async () => {
    localStorage.setItem(credentialKey, JSON.stringify({ token: 'mfp_old', player: settings }))
    localStorage.setItem(handledKey, JSON.stringify([5]))
    const { controller, live, engine } = setUp(paired)
    await controller.begin()
    live().handlers.play(play(5))
    expect(live().acks).toEqual([])
    expect(engine.playing).toBeNull()
  })

  it('stops the current announcement and skips a waiting one on stop commands', async () => {
    const { engine, live } = await running()
    live().handlers.play(play(1))
    live().handlers.play(play(2))
    live().handlers.play(play(3))
    live().handlers.stop(3)
    live().handlers.stop(0)
    expect(live().acks.slice(3)).toEqual(['3 skipped', '1 interrupted'])
    expect(engine.playing?.url).toBe('/api/v1/device/messages/102/audio')
  })

  it('sets the volume the server sends', async () => {
    const { controller, engine, live } = await running()
    live().handlers.volume(35)
    expect(controller.view.volume).toBe(35)
    expect(engine.volume).toBe(35)
  })

  it('reloads the configuration on resync and on a welcome after a reconnection', async () => {
    const { requests, live } = await running()
    const configLoads = () => requests.filter((r) => r.url === '/api/v1/device/config').length
    await vi.waitFor(() => expect(configLoads()).toBe(1))
    live().handlers.welcome(settings)
    expect(configLoads()).toBe(1)
    live().handlers.resync()
    live().handlers.welcome({ ...settings, name: 'Patio central' })
    await vi.waitFor(() => expect(configLoads()).toBe(3))
  })

  it('updates the stored player on a welcome', async () => {
    const { controller, live } = await running()
    live().handlers.welcome({ ...settings, name: 'Patio central', volume: 55 })
    expect(controller.view.player?.name).toBe('Patio central')
    expect(controller.view.volume).toBe(55)
    expect(JSON.parse(localStorage.getItem(credentialKey)!).player.name).toBe('Patio central')
  })

  it('goes back to pairing, silent, when the credential is revoked', async () => {
    const { controller, engine, live } = await running()
    live().handlers.play(play(1))
    live().handlers.credentialLost('credential_revoked')
    expect(controller.view.screen).toBe('pair')
    expect(controller.view.lostBecause).toBe('credential_revoked')
    expect(engine.playing).toBeNull()
    expect(engine.log).toContain('music off')
    expect(live().started).toBe(false)
    expect(localStorage.getItem(credentialKey)).toBeNull()
    expect(localStorage.getItem(configKey)).toBeNull()
  })

  it('describes the music in heartbeats when no announcement plays', async () => {
    const { controller, live } = await running()
    controller.showTrack(config.music[0]!)
    expect(live().handlers.heartbeat()).toEqual({ now_playing: 'Bossa — Estudio', queue: 0 })
  })
})

describe('PlayerController through a network loss', () => {
  const at = '2026-12-24T18:00:00Z'
  const t0 = Date.parse(at)
  const audio = '/api/v1/device/messages/9/audio'
  const scheduled = { ...config, upcoming: [{ ...config.upcoming[0]!, at, priority: 3 }] }

  function scheduledPlay(playId: number, requestedAt = '2026-12-24T18:00:01.200Z'): PlayCommand {
    return {
      play_id: playId, schedule_id: 4, message_id: 9, priority: 3, title: 'Cierre',
      audio_url: audio, duration_seconds: 12, requested_at: requestedAt,
    }
  }

  // A paired player started a minute before the occurrence, its agenda loaded.
  async function beforeTheOccurrence(routes: Record<string, () => Response | Promise<Response>> = {
    'GET /api/v1/device/config': () => json(scheduled),
  }) {
    vi.useFakeTimers({ now: t0 - 60_000 })
    localStorage.setItem(credentialKey, JSON.stringify({ token: 'mfp_old', player: settings }))
    const setup = setUp(routes)
    await setup.controller.begin()
    setup.live().handlers.status('connecting')
    await vi.advanceTimersByTimeAsync(0)
    setup.live().handlers.status('connected')
    setup.engine.log = []
    return setup
  }

  const announced = (engine: FakeEngine) => engine.log.filter((line) => line.startsWith('announce'))

  it('plays an occurrence by itself when the channel is down at its time, and reports it', async () => {
    const { controller, engine, live } = await beforeTheOccurrence()
    live().handlers.status('reconnecting')
    await vi.advanceTimersByTimeAsync(59_999)
    expect(announced(engine)).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(announced(engine)).toEqual([`announce ${audio} ducked`])
    expect(controller.view.current).toMatchObject({ title: 'Cierre', priority: 3, messageId: 9, requestedAt: at })
    expect(controller.view.current!.playId).toBeLessThan(0)

    await vi.advanceTimersByTimeAsync(300)
    engine.playing!.events.started()
    await vi.advanceTimersByTimeAsync(12_000)
    engine.playing!.events.ended()
    expect(live().acks).toEqual([])
    expect(live().reports).toEqual([{
      schedule_id: 4, message_id: 9, at, started_at: '2026-12-24T18:00:00.300Z',
      finished_at: '2026-12-24T18:00:12.300Z', status: 'finished',
    }])
    expect(live().outbox.reports()).toEqual(live().reports)
    expect(engine.level).toBe('normal')
  })

  it('acknowledges the server’s late replay of that occurrence with the local times instead of playing it again', async () => {
    const { engine, live } = await beforeTheOccurrence()
    live().handlers.status('offline')
    await vi.advanceTimersByTimeAsync(60_000)
    engine.playing!.events.started()
    await vi.advanceTimersByTimeAsync(12_000)
    engine.playing!.events.ended()

    await vi.advanceTimersByTimeAsync(60_000)
    live().handlers.status('connected')
    live().handlers.play(scheduledPlay(50))
    live().handlers.play(scheduledPlay(50))
    expect(announced(engine)).toHaveLength(1)
    expect(live().acks).toEqual(['50 received', '50 started', '50 finished'])
    expect(live().outbox.pending().map((ack) => ack.at)).toEqual([
      '2026-12-24T18:00:00.000Z', '2026-12-24T18:00:00.000Z', '2026-12-24T18:00:12.000Z',
    ])
  })

  it('waits for the server’s play while connected, and never plays that occurrence itself', async () => {
    const { engine, live } = await beforeTheOccurrence()
    await vi.advanceTimersByTimeAsync(61_200)
    expect(announced(engine)).toEqual([])
    live().handlers.play(scheduledPlay(51))
    expect(live().acks).toEqual(['51 received'])
    live().handlers.status('reconnecting') // the channel drops during the play
    await vi.advanceTimersByTimeAsync(120_000)
    expect(announced(engine)).toEqual([`announce ${audio} ducked`])
    expect(live().reports).toEqual([])
  })

  it('plays it by itself when, connected, no play comes within 15 s, and answers the late play from it', async () => {
    const { controller, engine, live } = await beforeTheOccurrence()
    await vi.advanceTimersByTimeAsync(74_999)
    expect(announced(engine)).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(announced(engine)).toEqual([`announce ${audio} ducked`])
    engine.playing!.events.started()

    // The server's play comes while the local one is heard: it follows it.
    live().handlers.play(scheduledPlay(52, '2026-12-24T18:00:16Z'))
    expect(live().acks).toEqual(['52 received', '52 started'])
    expect(controller.view.pending).toEqual([])
    await vi.advanceTimersByTimeAsync(12_000)
    engine.playing!.events.ended()
    expect(live().acks).toEqual(['52 received', '52 started', '52 finished'])
    expect(live().reports.map((report) => report.status)).toEqual(['finished'])
    expect(announced(engine)).toHaveLength(1)
  })

  it('plays it at once when the channel drops while the server’s play is awaited', async () => {
    const { engine, live } = await beforeTheOccurrence()
    await vi.advanceTimersByTimeAsync(65_000)
    expect(announced(engine)).toEqual([])
    live().handlers.status('reconnecting')
    expect(announced(engine)).toEqual([`announce ${audio} ducked`])
  })

  it('does not play an occurrence more than two minutes late', async () => {
    const { engine, live } = await beforeTheOccurrence()
    vi.setSystemTime(t0 + 121_000) // the computer slept through it
    live().handlers.status('offline')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(announced(engine)).toEqual([])
  })

  it('plays on time after a reload without network, from the agenda it kept', async () => {
    const first = await beforeTheOccurrence()
    first.controller.dispose()

    const { controller, engine, live } = setUp({
      'GET /api/v1/device/config': () => {
        throw new TypeError('Failed to fetch')
      },
    })
    await controller.begin()
    live().handlers.status('offline')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(controller.view.configError).toBe('network_error')
    expect(engine.log).toContain(`announce ${audio} ducked`)
    expect(controller.view.current?.title).toBe('Cierre')
  })

  it('queues its own play by priority, and reports one an emergency interrupts as failed', async () => {
    const { controller, engine, live } = await beforeTheOccurrence()
    live().handlers.play(play(1, 4))
    live().handlers.status('reconnecting')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(controller.view.pending.map((item) => item.title)).toEqual(['Cierre'])
    engine.playing!.events.ended()
    expect(controller.view.current?.title).toBe('Cierre')
    engine.playing!.events.started()
    live().handlers.play(play(2, 1, 'Evacuación'))
    expect(live().acks.slice(-1)).toEqual(['2 received'])
    expect(live().reports).toMatchObject([{ schedule_id: 4, status: 'failed', error: 'interrupted' }])
    expect(engine.log.at(-1)).toBe('announce /api/v1/device/messages/102/audio muted')
  })

  it('stops its own play when the server stops the play it answered from it', async () => {
    const { engine, live } = await beforeTheOccurrence()
    live().handlers.status('offline')
    await vi.advanceTimersByTimeAsync(60_000)
    engine.playing!.events.started()
    live().handlers.status('connected')
    live().handlers.play(scheduledPlay(53))
    live().handlers.stop(53)
    expect(engine.playing).toBeNull()
    expect(live().acks).toEqual(['53 received', '53 started', '53 interrupted'])
  })

  it('reports a play a reload cut short as interrupted', async () => {
    const first = await beforeTheOccurrence()
    first.live().handlers.status('offline')
    await vi.advanceTimersByTimeAsync(60_000)
    first.engine.playing!.events.started()
    first.controller.dispose()

    const { controller, live } = setUp()
    await controller.begin()
    expect(live().outbox.reports()).toMatchObject([{ schedule_id: 4, at, status: 'failed', error: 'interrupted' }])
  })

  it('asks for its agenda again every 15 minutes while connected', async () => {
    const { requests, live } = await beforeTheOccurrence()
    const configLoads = () => requests.filter((r) => r.url === '/api/v1/device/config').length
    expect(configLoads()).toBe(1)
    await vi.advanceTimersByTimeAsync(15 * 60_000)
    expect(configLoads()).toBe(2)
    live().handlers.status('offline')
    await vi.advanceTimersByTimeAsync(15 * 60_000)
    expect(configLoads()).toBe(2)
  })

  it('forgets its agenda when unpaired', async () => {
    const { controller } = await beforeTheOccurrence()
    expect(localStorage.getItem(agendaKey)).not.toBeNull()
    controller.unpair()
    expect(localStorage.getItem(agendaKey)).toBeNull()
  })
})
