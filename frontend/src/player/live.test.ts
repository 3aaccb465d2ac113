import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { LiveChannel, liveUrl, type LiveHandlers, type LiveStatus, type SocketLike } from './live'
import { Outbox, outboxKey } from './outbox'

class FakeSocket implements SocketLike {
  readyState = 0
  sent: Record<string, unknown>[] = []
  closedWith: number | null = null
  onopen: ((event: Event) => void) | null = null
  onmessage: ((event: MessageEvent) => void) | null = null
  onclose: ((event: CloseEvent) => void) | null = null
  onerror: ((event: Event) => void) | null = null

  constructor(readonly url: string) {}

  send(data: string) {
    this.sent.push(JSON.parse(data))
  }

  close(code = 1000) {
    this.closedWith = code
    this.serverClose(code)
  }

  open() {
    this.readyState = 1
    this.onopen?.(new Event('open'))
  }

  receive(message: unknown) {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(message) }))
  }

  serverClose(code: number) {
    this.readyState = 3
    this.onclose?.({ code } as CloseEvent)
  }

  types() {
    return this.sent.map((message) => message.type)
  }
}

const settings = {
  id: 7, name: 'Patio de comidas', zone: 'Nivel 2', volume: 70,
  duck_db: -18, duck_attack_ms: 400, duck_release_ms: 1200, music_enabled: true,
}

function setUp() {
  const sockets: FakeSocket[] = []
  const statuses: LiveStatus[] = []
  const handlers = {
    status: vi.fn((status: LiveStatus) => statuses.push(status)),
    welcome: vi.fn(),
    play: vi.fn(),
    stop: vi.fn(),
    volume: vi.fn(),
    resync: vi.fn(),
    credentialLost: vi.fn(),
    heartbeat: vi.fn(() => ({ now_playing: 'Música: Bossa', queue: 2 })),
  } satisfies LiveHandlers
  const outbox = new Outbox(localStorage)
  const channel = new LiveChannel({
    url: 'ws://mall.test/ws/player',
    token: 'mfp_secret',
    outbox,
    handlers,
    createSocket: (url) => {
      const socket = new FakeSocket(url)
      sockets.push(socket)
      return socket
    },
    now: () => new Date('2026-12-24T18:30:00Z'),
    random: () => 0,
  })
  const last = () => sockets[sockets.length - 1]!
  const connect = () => {
    last().open()
    last().receive({ v: 1, type: 'welcome', player: settings })
  }
  return { sockets, statuses, handlers, outbox, channel, last, connect }
}

beforeEach(() => {
  localStorage.clear()
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('liveUrl', () => {
  it.each([
    ['http:', 'mall.localhost:8080', 'ws://mall.localhost:8080/ws/player'],
    ['https:', 'mall.example.cl', 'wss://mall.example.cl/ws/player'],
  ])('turns %s//%s into %s', (protocol, host, expected) => {
    expect(liveUrl({ protocol, host })).toBe(expected)
  })
})

describe('LiveChannel', () => {
  it('says hello with the credential when the socket opens', () => {
    const { channel, last, statuses } = setUp()
    channel.start()
    expect(last().url).toBe('ws://mall.test/ws/player')
    last().open()
    expect(last().sent).toEqual([{ v: 1, type: 'hello', token: 'mfp_secret', version: '1.0.0' }])
    expect(statuses).toEqual(['connecting'])
  })

  it('is connected after the welcome, reports the settings and beats every 20 seconds', () => {
    const { channel, last, connect, handlers, statuses } = setUp()
    channel.start()
    connect()
    expect(statuses).toEqual(['connecting', 'connected'])
    expect(channel.connected).toBe(true)
    expect(handlers.welcome).toHaveBeenCalledWith(settings)
    expect(last().sent[1]).toEqual({ v: 1, type: 'heartbeat', now_playing: 'Música: Bossa', queue: 2, version: '1.0.0' })

    vi.advanceTimersByTime(20_000)
    vi.advanceTimersByTime(20_000)
    expect(last().types()).toEqual(['hello', 'heartbeat', 'heartbeat', 'heartbeat'])
  })

  it('sends the acknowledgements kept while offline after the welcome', () => {
    const { channel, last, connect, outbox } = setUp()
    channel.ack(11, 'started')
    channel.ack(11, 'finished')
    expect(outbox.pending()).toHaveLength(2)

    channel.start()
    connect()
    const acks = last().sent.filter((message) => message.type === 'ack')
    expect(acks).toEqual([
      { v: 1, type: 'ack', play_id: 11, status: 'started', at: '2026-12-24T18:30:00.000Z' },
      { v: 1, type: 'ack', play_id: 11, status: 'finished', at: '2026-12-24T18:30:00.000Z' },
    ])
    last().receive({ v: 1, type: 'acked', play_id: 11, status: 'started' })
    last().receive({ v: 1, type: 'acked', play_id: 11, status: 'finished' })
    expect(outbox.pending()).toEqual([])
    expect(localStorage.getItem(outboxKey)).toBeNull()
  })

  it('sends an acknowledgement at once while connected, with its error, and keeps it until acked', () => {
    const { channel, last, connect, outbox } = setUp()
    channel.start()
    connect()
    channel.ack(12, 'failed', 'audio_unavailable')
    const ack = { play_id: 12, status: 'failed', at: '2026-12-24T18:30:00.000Z', error: 'audio_unavailable' }
    expect(last().sent.at(-1)).toEqual({ v: 1, type: 'ack', ...ack })
    expect(outbox.pending()).toEqual([ack])
    expect(JSON.parse(localStorage.getItem(outboxKey)!)).toEqual([ack])
    expect(outbox.handled()).toEqual([12])

    last().receive({ v: 1, type: 'acked', play_id: 12, status: 'failed' })
    expect(outbox.pending()).toEqual([])
  })

  it('sends each acknowledgement once per connection', () => {
    const { channel, last, connect } = setUp()
    channel.start()
    connect()
    channel.ack(14, 'received')
    channel.ack(14, 'started')
    channel.ack(15, 'received')
    const acks = last().sent.filter((message) => message.type === 'ack').map((a) => `${a.play_id} ${a.status}`)
    expect(acks).toEqual(['14 received', '14 started', '15 received'])
  })

  it('sends the unconfirmed acknowledgements again after reconnecting', () => {
    const { channel, last, connect, outbox } = setUp()
    channel.start()
    connect()
    channel.ack(16, 'started')
    channel.ack(16, 'finished')
    channel.ack(17, 'received')
    last().receive({ v: 1, type: 'acked', play_id: 16, status: 'started' })
    last().serverClose(1006) // "16 finished" and "17 received" may be lost on the way

    vi.advanceTimersByTime(1_000)
    connect()
    const acks = last().sent.filter((message) => message.type === 'ack').map((a) => `${a.play_id} ${a.status}`)
    expect(acks).toEqual(['16 finished', '17 received'])
    expect(outbox.pending()).toHaveLength(2)

    last().receive({ v: 1, type: 'acked', play_id: 16, status: 'finished' })
    last().receive({ v: 1, type: 'acked', play_id: 17, status: 'received' })
    last().serverClose(1006)
    vi.advanceTimersByTime(1_000)
    connect()
    expect(last().types()).not.toContain('ack')
    expect(outbox.pending()).toEqual([])
  })

  it('forgets on acked only the acknowledgement of that play with that status', () => {
    const { channel, last, connect, outbox } = setUp()
    channel.start()
    connect()
    channel.ack(18, 'received')
    channel.ack(18, 'started')
    channel.ack(19, 'started')
    last().receive({ v: 1, type: 'acked', play_id: 18, status: 'started' })
    last().receive({ v: 1, type: 'acked', play_id: 20, status: 'received' })
    last().receive({ v: 1, type: 'acked', play_id: '19', status: 'started' })
    last().receive({ v: 1, type: 'acked', play_id: 19 })
    expect(outbox.pending().map((a) => `${a.play_id} ${a.status}`)).toEqual(['18 received', '19 started'])
  })

  it('sends a confirmed acknowledgement again when the play reaches that status again', () => {
    const { channel, last, connect } = setUp()
    channel.start()
    connect()
    channel.ack(21, 'received')
    last().receive({ v: 1, type: 'acked', play_id: 21, status: 'received' })
    channel.ack(21, 'received')
    const acks = last().sent.filter((message) => message.type === 'ack').map((a) => `${a.play_id} ${a.status}`)
    expect(acks).toEqual(['21 received', '21 received'])
  })

  it('forgets the acknowledgements of a play the server does not know, but not on a failure of its own', () => {
    const { channel, last, connect, outbox } = setUp()
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    channel.start()
    connect()
    channel.ack(22, 'started')
    channel.ack(23, 'started')
    last().receive({ v: 1, type: 'error', error: 'internal_error', play_id: 23 })
    last().receive({ v: 1, type: 'error', error: 'play_not_found', play_id: 22 })
    expect(outbox.pending().map((a) => `${a.play_id} ${a.status}`)).toEqual(['23 started'])
    expect(channel.connected).toBe(true)
  })

  it('sends an acknowledgement with the time it is given', () => {
    const { channel, last, connect } = setUp()
    channel.start()
    connect()
    channel.ack(24, 'started', undefined, '2026-12-24T18:20:03.000Z')
    expect(last().sent.at(-1)).toEqual({ v: 1, type: 'ack', play_id: 24, status: 'started', at: '2026-12-24T18:20:03.000Z' })
  })

  it('sends offline reports after the acknowledgements of each welcome until the server confirms them', () => {
    const { channel, last, connect, outbox } = setUp()
    const report = {
      schedule_id: 4, message_id: 9, at: '2026-12-24T18:00:00Z', started_at: '2026-12-24T18:00:00.120Z',
      finished_at: '2026-12-24T18:00:12.400Z', status: 'finished' as const,
    }
    channel.report(report)
    channel.ack(30, 'finished')
    expect(outbox.reports()).toEqual([report])

    channel.start()
    connect()
    expect(last().sent.filter((m) => m.type === 'ack' || m.type === 'offline').map((m) => m.type)).toEqual(['ack', 'offline'])
    expect(last().sent.find((m) => m.type === 'offline')).toEqual({ v: 1, type: 'offline', ...report })

    // Lost on the way: the next welcome sends it again.
    last().serverClose(1006)
    vi.advanceTimersByTime(1_000)
    connect()
    expect(last().types().filter((type) => type === 'offline')).toHaveLength(1)

    last().receive({ v: 1, type: 'acked', schedule_id: 4, at: '2026-12-24T18:00:00.000Z', status: 'offline' })
    expect(outbox.reports()).toEqual([])
    last().serverClose(1006)
    vi.advanceTimersByTime(1_000)
    connect()
    expect(last().types()).not.toContain('offline')
  })

  it('sends an offline report at once while connected, and keeps it until the matching acked', () => {
    const { channel, last, connect, outbox } = setUp()
    channel.start()
    connect()
    const failed = {
      schedule_id: 4, message_id: 9, at: '2026-12-24T18:10:00Z', finished_at: '2026-12-24T18:10:01Z',
      status: 'failed' as const, error: 'audio_unavailable',
    }
    channel.report(failed)
    expect(last().sent.at(-1)).toEqual({ v: 1, type: 'offline', ...failed })
    last().receive({ v: 1, type: 'acked', schedule_id: 4, at: '2026-12-24T18:20:00Z', status: 'offline' })
    last().receive({ v: 1, type: 'acked', schedule_id: 5, at: '2026-12-24T18:10:00Z', status: 'offline' })
    last().receive({ v: 1, type: 'acked', schedule_id: 4, at: '2026-12-24T18:10:00Z', status: 'finished' })
    expect(outbox.reports()).toEqual([failed])
    last().receive({ v: 1, type: 'acked', schedule_id: 4, at: '2026-12-24T18:10:00Z', status: 'offline' })
    expect(outbox.reports()).toEqual([])
  })

  it('lets go of an offline report the server cannot place, and keeps it after a passing failure', () => {
    const { channel, last, connect, outbox } = setUp()
    channel.start()
    connect()
    const gone = { schedule_id: 4, message_id: 9, at: '2026-12-24T18:10:00Z', finished_at: '2026-12-24T18:10:05Z', status: 'finished' as const }
    const kept = { ...gone, schedule_id: 5 }
    channel.report(gone)
    channel.report(kept)
    last().receive({ v: 1, type: 'error', error: 'internal_error', schedule_id: 5, at: '2026-12-24T18:10:00Z' })
    last().receive({ v: 1, type: 'error', error: 'play_not_found', schedule_id: 4, at: '2026-12-24T18:10:00.000Z' })
    expect(outbox.reports()).toEqual([kept])
  })

  it('keeps acknowledgements made between the hello and the welcome', () => {
    const { channel, last, outbox } = setUp()
    channel.start()
    last().open()
    channel.ack(13, 'received')
    expect(last().types()).toEqual(['hello'])
    expect(outbox.pending()).toHaveLength(1)
  })

  it('hands commands to their handlers and ignores other versions and garbage', () => {
    const { channel, last, connect, handlers } = setUp()
    channel.start()
    connect()
    const play = {
      v: 1, type: 'play', play_id: 21, schedule_id: 3, message_id: 5, priority: 2, title: 'Cierre',
      audio_url: '/api/v1/device/messages/5/audio', duration_seconds: 12.5, requested_at: '2026-12-24T18:29:59Z',
    }
    const manual = { v: 1, type: 'play', play_id: 23, audio_url: '/api/v1/device/messages/6/audio', priority: 9 }
    last().receive(play)
    last().receive(manual)
    last().receive({ v: 1, type: 'stop', play_id: 21 })
    last().receive({ v: 1, type: 'stop' })
    last().receive({ v: 1, type: 'volume', volume: 130 })
    last().receive({ v: 1, type: 'resync' })
    last().receive({ v: 2, type: 'resync' })
    last().receive({ v: 1, type: 'play', play_id: 22 })
    last().onmessage?.(new MessageEvent('message', { data: 'not json' }))

    const { v: _v, type: _type, ...command } = play
    expect(handlers.play.mock.calls).toEqual([
      [command],
      [{
        play_id: 23, schedule_id: 0, message_id: 0, priority: 5, title: '',
        audio_url: '/api/v1/device/messages/6/audio', duration_seconds: 0, requested_at: '',
      }],
    ])
    expect(handlers.stop.mock.calls).toEqual([[21], [0]])
    expect(handlers.volume.mock.calls).toEqual([[100]])
    expect(handlers.resync).toHaveBeenCalledTimes(1)
  })

  it('reconnects after 1, 2, 5 and then every 10 seconds, saying offline after three failures', () => {
    const { channel, sockets, last, statuses } = setUp()
    channel.start()
    const waits: number[] = []
    for (let attempt = 0; attempt < 5; attempt++) {
      const count = sockets.length
      last().serverClose(1006)
      let waited = 0
      while (sockets.length === count) {
        vi.advanceTimersByTime(100)
        waited += 100
      }
      waits.push(waited)
    }
    expect(waits).toEqual([1_000, 2_000, 5_000, 10_000, 10_000])
    expect(statuses.slice(0, 5)).toEqual(['connecting', 'reconnecting', 'reconnecting', 'reconnecting', 'reconnecting'])
    expect(statuses.at(-1)).toBe('offline')
  })

  it('starts the waits over after a welcome', () => {
    const { channel, sockets, last, connect, statuses } = setUp()
    channel.start()
    last().serverClose(1006)
    vi.advanceTimersByTime(1_000)
    last().serverClose(1006)
    vi.advanceTimersByTime(2_000)
    connect()
    expect(statuses.at(-1)).toBe('connected')
    last().serverClose(1001)
    vi.advanceTimersByTime(999)
    expect(sockets).toHaveLength(3)
    vi.advanceTimersByTime(1)
    expect(sockets).toHaveLength(4)
  })

  it('stops beating while disconnected', () => {
    const { channel, last, connect, sockets } = setUp()
    channel.start()
    connect()
    const first = last()
    first.serverClose(1006)
    vi.advanceTimersByTime(20_000)
    expect(first.types()).toEqual(['hello', 'heartbeat'])
    expect(sockets.length).toBeGreaterThan(1)
  })

  it('gives up the credential when the server refuses it at hello', () => {
    const { channel, sockets, last, handlers } = setUp()
    channel.start()
    last().open()
    last().serverClose(4401)
    vi.advanceTimersByTime(60_000)
    expect(handlers.credentialLost).toHaveBeenCalledWith('device_token_invalid')
    expect(sockets).toHaveLength(1)
  })

  it.each(['credential_revoked', 'credential_replaced', 'player_removed'])(
    'gives up the credential on an error %s',
    (code) => {
      const { channel, sockets, last, connect, handlers, statuses } = setUp()
      channel.start()
      connect()
      last().receive({ v: 1, type: 'error', error: code })
      vi.advanceTimersByTime(60_000)
      expect(handlers.credentialLost).toHaveBeenCalledWith(code)
      expect(last().closedWith).toBe(1000)
      expect(sockets).toHaveLength(1)
      expect(statuses.at(-1)).toBe('closed')
    },
  )

  it('stays connected after an error about one report', () => {
    const { channel, last, connect, handlers } = setUp()
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    channel.start()
    connect()
    last().receive({ v: 1, type: 'error', error: 'invalid_report' })
    expect(handlers.credentialLost).not.toHaveBeenCalled()
    expect(channel.connected).toBe(true)
  })

  it('tries again when the welcome does not come', () => {
    const { channel, sockets, last } = setUp()
    channel.start()
    last().open()
    vi.advanceTimersByTime(15_000)
    expect(sockets[0]!.closedWith).toBe(4000)
    vi.advanceTimersByTime(1_000)
    expect(sockets).toHaveLength(2)
  })

  it('does not reconnect after stop', () => {
    const { channel, sockets, connect, statuses } = setUp()
    channel.start()
    connect()
    channel.stop()
    vi.advanceTimersByTime(60_000)
    expect(sockets).toHaveLength(1)
    expect(sockets[0]!.closedWith).toBe(1000)
    expect(statuses.at(-1)).toBe('closed')
  })
})
