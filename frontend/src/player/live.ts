// The player's live channel (docs/on-air.md, "Live channel"): a WebSocket to
// /ws/player that says hello with the credential, receives commands, sends
// acknowledgements and offline reports until the server confirms them, sends
// heartbeats, and reconnects on its own.

import { clampPriority, credentialLostCodes, parsePlayerSettings, type PlayerSettings } from './deviceApi'
import type { AckStatus, OfflineReport, Outbox } from './outbox'

/** The version of the live channel's JSON messages this page speaks. */
export const protocolVersion = 1

/** The player page's own version, reported in hello and heartbeats. */
export const playerVersion = '1.0.0'

/** Waits between reconnection attempts; the last one repeats. */
export const reconnectDelaysMs = [1_000, 2_000, 5_000, 10_000] as const

export const heartbeatIntervalMs = 20_000

/** How long an open socket may wait for its welcome before trying again. */
export const welcomeTimeoutMs = 15_000

/** Failed attempts after which the page says it is offline rather than reconnecting. */
export const offlineAfterAttempts = 3

/** Close codes the server uses for a refused hello. */
export const closeCodes = { badProtocol: 4400, badToken: 4401 } as const

/** Where the channel stands, as the page shows it. */
export type LiveStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'closed'

/** PlayCommand asks the player to play one message. */
export interface PlayCommand {
  play_id: number
  /** The schedule whose occurrence this is; 0 for a manual send. */
  schedule_id: number
  message_id: number
  priority: number
  title: string
  audio_url: string
  duration_seconds: number
  /** When the server fired it: for a schedule, within a second or two of the occurrence. */
  requested_at: string
}

/** What the channel tells its owner. */
export interface LiveHandlers {
  status(status: LiveStatus): void
  welcome(player: PlayerSettings): void
  play(command: PlayCommand): void
  stop(playId: number): void
  volume(volume: number): void
  resync(): void
  /** The credential stopped working; the page must pair again. */
  credentialLost(code: string): void
  /** What the heartbeat reports. */
  heartbeat(): { now_playing: string; queue: number }
}

/** The parts of a WebSocket the channel uses. */
export interface SocketLike {
  readonly readyState: number
  onopen: ((event: Event) => void) | null
  onmessage: ((event: MessageEvent) => void) | null
  onclose: ((event: CloseEvent) => void) | null
  onerror: ((event: Event) => void) | null
  send(data: string): void
  close(code?: number, reason?: string): void
}

/** Timers, replaceable in tests. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown
  clearTimeout(id: unknown): void
  setInterval(fn: () => void, ms: number): unknown
  clearInterval(id: unknown): void
}

export interface LiveOptions {
  url: string
  token: string
  outbox: Outbox
  handlers: LiveHandlers
  createSocket?: (url: string) => SocketLike
  timers?: Timers
  now?: () => Date
  /** 0 ≤ random() < 1, spreads the reconnections of many players. */
  random?: () => number
}

const socketOpen = 1

/** The error refusing an ack of a play that is not this player's, or no longer exists. */
const playNotFound = 'play_not_found'
/** Refusals of an offline report that sending it again cannot change. */
const refusedForGood = new Set([playNotFound, 'invalid_report'])

const browserTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>),
  setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
  clearInterval: (id) => globalThis.clearInterval(id as ReturnType<typeof setInterval>),
}

/** liveUrl is the address of the live channel on the page's own host. */
export function liveUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/player`
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** parsePlayCommand checks a play command; null when it cannot be played. */
export function parsePlayCommand(message: Record<string, unknown>): PlayCommand | null {
  const playId = message.play_id
  if (typeof playId !== 'number' || playId <= 0) return null
  if (typeof message.audio_url !== 'string' || !message.audio_url) return null
  const scheduleId = message.schedule_id
  return {
    play_id: playId,
    schedule_id: typeof scheduleId === 'number' && Number.isInteger(scheduleId) && scheduleId > 0 ? scheduleId : 0,
    message_id: typeof message.message_id === 'number' ? message.message_id : 0,
    priority: clampPriority(message.priority),
    title: typeof message.title === 'string' ? message.title : '',
    audio_url: message.audio_url,
    duration_seconds: typeof message.duration_seconds === 'number' ? message.duration_seconds : 0,
    requested_at: typeof message.requested_at === 'string' ? message.requested_at : '',
  }
}

/** ackKey names what the server confirms of an acknowledgement. */
function ackKey(playId: number, status: string): string {
  return `${playId} ${status}`
}

/** reportKey names the occurrence an offline report is about. */
function reportKey(scheduleId: number, at: string): string {
  const instant = Date.parse(at)
  return `${scheduleId} ${Number.isNaN(instant) ? at : instant}`
}

/** The status an "acked" carries when it confirms an offline report. */
const offlineAcked = 'offline'

/**
 * LiveChannel keeps one connection to the server open while it runs. Acks
 * and offline reports go through the outbox and stay there until the server
 * answers each with an "acked": they are sent at once when the channel is
 * welcomed, and every welcome sends again those not confirmed yet.
 */
export class LiveChannel {
  private socket: SocketLike | null = null
  private running = false
  private welcomed = false
  /** Acks written on this connection and not confirmed yet, by ackKey. */
  private readonly sentAcks = new Set<string>()
  /** Offline reports written on this connection and not confirmed yet, by reportKey. */
  private readonly sentReports = new Set<string>()
  private failures = 0
  private reconnectTimer: unknown = null
  private welcomeTimer: unknown = null
  private heartbeatTimer: unknown = null
  private readonly timers: Timers
  private readonly now: () => Date
  private readonly random: () => number
  private readonly createSocket: (url: string) => SocketLike

  constructor(private readonly options: LiveOptions) {
    this.timers = options.timers ?? browserTimers
    this.now = options.now ?? (() => new Date())
    this.random = options.random ?? Math.random
    this.createSocket = options.createSocket ?? ((url) => new WebSocket(url))
  }

  /** connected reports whether the server welcomed this connection. */
  get connected(): boolean {
    return this.welcomed
  }

  /** start opens the channel; it reconnects by itself until stop. */
  start() {
    if (this.running) return
    this.running = true
    this.failures = 0
    this.connect()
  }

  /** stop closes the channel for good. */
  stop() {
    this.running = false
    this.clearTimers()
    this.timers.clearTimeout(this.reconnectTimer)
    this.reconnectTimer = null
    const socket = this.socket
    this.socket = null
    this.welcomed = false
    if (socket) {
      this.detach(socket)
      socket.close(1000, 'stopped')
    }
    this.options.handlers.status('closed')
  }

  /**
   * ack records that a play moved on, and sends it when it can. at is when
   * it happened, now unless given (a play the player had already heard on
   * its own is acknowledged with the times it was heard).
   */
  ack(playId: number, status: AckStatus, error?: string, at?: string) {
    const ack = { play_id: playId, status, at: at ?? this.now().toISOString(), ...(error ? { error } : {}) }
    this.options.outbox.add(ack)
    if (this.welcomed) this.flush()
  }

  /** report records a scheduled occurrence played without the server, and sends it when it can. */
  report(report: OfflineReport) {
    this.options.outbox.addReport(report)
    this.sentReports.delete(reportKey(report.schedule_id, report.at))
    if (this.welcomed) this.flush()
  }

  /** heartbeat reports what plays now; also sent every 20 seconds. */
  heartbeat() {
    if (!this.welcomed) return
    const { now_playing, queue } = this.options.handlers.heartbeat()
    this.send({ type: 'heartbeat', now_playing, queue, version: playerVersion })
  }

  private connect() {
    this.options.handlers.status(this.statusWhileConnecting())
    let socket: SocketLike
    try {
      socket = this.createSocket(this.options.url)
    } catch {
      this.retry()
      return
    }
    this.socket = socket
    socket.onopen = () => this.opened()
    socket.onmessage = (event) => this.received(event.data)
    socket.onclose = (event) => this.closed(socket, event.code)
    socket.onerror = () => {
      // A close event follows; reconnection happens there.
    }
  }

  private statusWhileConnecting(): LiveStatus {
    if (this.failures === 0) return 'connecting'
    return this.failures >= offlineAfterAttempts ? 'offline' : 'reconnecting'
  }

  private opened() {
    this.send({ type: 'hello', token: this.options.token, version: playerVersion })
    this.welcomeTimer = this.timers.setTimeout(() => this.socket?.close(4000, 'no welcome'), welcomeTimeoutMs)
  }

  private closed(socket: SocketLike, code: number) {
    if (socket !== this.socket) return
    this.socket = null
    this.welcomed = false
    this.clearTimers()
    if (!this.running) return
    if (code === closeCodes.badToken) {
      this.running = false
      this.options.handlers.status('closed')
      this.options.handlers.credentialLost('device_token_invalid')
      return
    }
    this.retry()
  }

  private retry() {
    this.failures++
    const base = reconnectDelaysMs[Math.min(this.failures - 1, reconnectDelaysMs.length - 1)]!
    this.options.handlers.status(this.failures >= offlineAfterAttempts ? 'offline' : 'reconnecting')
    this.reconnectTimer = this.timers.setTimeout(() => {
      this.reconnectTimer = null
      if (this.running) this.connect()
    }, base * (1 + 0.2 * this.random()))
  }

  private received(data: unknown) {
    let message: unknown
    try {
      message = JSON.parse(String(data))
    } catch {
      return
    }
    if (!isRecord(message) || message.v !== protocolVersion) return
    this.dispatch(message)
  }

  private dispatch(message: Record<string, unknown>) {
    const handlers = this.options.handlers
    switch (message.type) {
      case 'welcome':
        this.welcome(message)
        return
      case 'play': {
        const command = parsePlayCommand(message)
        if (command) handlers.play(command)
        return
      }
      case 'stop':
        handlers.stop(typeof message.play_id === 'number' ? message.play_id : 0)
        return
      case 'volume':
        if (typeof message.volume === 'number') handlers.volume(Math.min(100, Math.max(0, message.volume)))
        return
      case 'resync':
        handlers.resync()
        return
      case 'acked':
        this.acked(message)
        return
      case 'error':
        this.refused(typeof message.error === 'string' ? message.error : '', message)
        return
    }
  }

  private welcome(message: Record<string, unknown>) {
    this.timers.clearTimeout(this.welcomeTimer)
    this.welcomeTimer = null
    this.welcomed = true
    this.failures = 0
    this.sentAcks.clear() // what the last connection sent may not have arrived
    this.sentReports.clear()
    this.options.handlers.status('connected')
    try {
      this.options.handlers.welcome(parsePlayerSettings(message.player))
    } catch {
      // A welcome without settings still opens the channel.
    }
    this.flush()
    this.heartbeat()
    this.timers.clearInterval(this.heartbeatTimer)
    this.heartbeatTimer = this.timers.setInterval(() => this.heartbeat(), heartbeatIntervalMs)
  }

  /** acked forgets an acknowledgement, or an offline report, the server recorded. */
  private acked(message: Record<string, unknown>) {
    const { play_id: playId, schedule_id: scheduleId, at, status } = message
    if (status === offlineAcked && typeof scheduleId === 'number' && typeof at === 'string') {
      this.options.outbox.confirmReport(scheduleId, at)
      this.sentReports.delete(reportKey(scheduleId, at))
      return
    }
    if (typeof playId !== 'number' || typeof status !== 'string') return
    this.options.outbox.confirm(playId, status)
    this.sentAcks.delete(ackKey(playId, status))
  }

  private refused(code: string, message: Record<string, unknown>) {
    const { play_id: playId, schedule_id: scheduleId, at } = message
    if (credentialLostCodes.has(code)) {
      this.stop()
      this.options.handlers.credentialLost(code)
      return
    }
    console.warn('the server refused a report from this player', code)
    if (code === playNotFound && typeof playId === 'number' && playId > 0) {
      // Sending its acks again would only be refused again.
      this.options.outbox.forget(playId)
      for (const key of this.sentAcks) if (key.startsWith(`${playId} `)) this.sentAcks.delete(key)
    }
    if (refusedForGood.has(code) && typeof scheduleId === 'number' && scheduleId > 0 && typeof at === 'string') {
      // An offline report the server cannot place (its schedule was deleted,
      // say) would be refused again after every welcome.
      this.options.outbox.confirmReport(scheduleId, at)
      this.sentReports.delete(reportKey(scheduleId, at))
    }
  }

  /** flush sends the kept acks, then the kept offline reports, this connection has not sent yet, oldest first. */
  private flush() {
    for (const ack of this.options.outbox.pending()) {
      const key = ackKey(ack.play_id, ack.status)
      if (this.sentAcks.has(key)) continue
      if (!this.send({ type: 'ack', ...ack })) return
      this.sentAcks.add(key)
    }
    for (const report of this.options.outbox.reports()) {
      const key = reportKey(report.schedule_id, report.at)
      if (this.sentReports.has(key)) continue
      if (!this.send({ type: 'offline', ...report })) return
      this.sentReports.add(key)
    }
  }

  private send(message: Record<string, unknown>): boolean {
    const socket = this.socket
    if (!socket || socket.readyState !== socketOpen) return false
    try {
      socket.send(JSON.stringify({ v: protocolVersion, ...message }))
      return true
    } catch {
      return false
    }
  }

  private clearTimers() {
    this.timers.clearTimeout(this.welcomeTimer)
    this.timers.clearInterval(this.heartbeatTimer)
    this.welcomeTimer = null
    this.heartbeatTimer = null
  }

  private detach(socket: SocketLike) {
    socket.onopen = null
    socket.onmessage = null
    socket.onclose = null
    socket.onerror = null
  }
}
