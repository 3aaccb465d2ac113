import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { ApiError } from '../api/client'
import { FakeEngine, FakeLive } from '../test-support/player'
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
  upcoming: [{ message_id: 9, at: '2026-12-24T21:30:00Z', audio_url: '/api/v1/device/messages/9/audio' }],
}

function json(body: unknown, status = 200, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

function play(playId: number, priority = 4, title = `Aviso ${playId}`): PlayCommand {
  return {
    play_id: playId, message_id: 100 + playId, priority, title,
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
