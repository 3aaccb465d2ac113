// The player page's brain: pairing, the live channel, the queue, the agenda
// of scheduled occurrences and the audio engine, tied together behind one
// reactive view for the page.

import { reactive } from 'vue'

import { ApiError, clientErrorCodes } from '../api/client'
import { Agenda, offlineReport, sameOccurrence, type HandledOccurrence, type LocalOutcome, type OccurrenceRef } from './agenda'
import type { AudioLoader } from './audioCache'
import { clearCredential, loadCredential, saveCredential } from './credential'
import {
  credentialLostCodes,
  fetchDeviceConfig,
  pairDevice,
  parseDeviceConfig,
  type DeviceConfig,
  type DeviceFetch,
  type MusicTrack,
  type PlayerSettings,
  type UpcomingPlay,
} from './deviceApi'
import type { PlayerEngine } from './engine'
import type { LiveHandlers, LiveStatus, PlayCommand } from './live'
import { Outbox, type AckStatus, type OfflineReport } from './outbox'
import { PlayQueue, type QueueEffect, type QueueItem } from './queue'

/** The last configuration, so a player restarted without network still plays its music. */
export const configKey = 'mediaflow.player.config'

/** How long to wait before asking for the configuration again after a failure. */
export const configRetryMs = 15_000

/** How often a connected player asks for its configuration, and so its upcoming occurrences, again. */
export const configRefreshMs = 15 * 60_000

// The agenda is looked at again at least this often, so a computer that
// slept, or a timer the browser held back, does not leave an occurrence late.
const agendaTickMs = 60_000

/** Which screen the page shows. */
export type PlayerScreen = 'pair' | 'start' | 'running'

/** PlayerView is everything the page shows. */
export interface PlayerView {
  screen: PlayerScreen
  player: PlayerSettings | null
  connection: LiveStatus
  volume: number
  /** The music bed playing, if any. */
  music: MusicTrack | null
  current: QueueItem | null
  /** Whether the current announcement is still loading or already heard. */
  announcement: 'loading' | 'playing' | null
  pending: QueueItem[]
  /** Why the configuration could not be loaded, while it cannot. */
  configError: string | null
  /** Why the player went back to the pairing screen by itself. */
  lostBecause: string | null
}

/** The parts of the live channel the controller uses. */
export interface LiveLink {
  start(): void
  stop(): void
  /** ack reports a play's progress; at (RFC 3339) is now unless given. */
  ack(playId: number, status: AckStatus, error?: string, at?: string): void
  /** report tells the server about a scheduled occurrence played without it. */
  report(report: OfflineReport): void
  heartbeat(): void
}

export interface ControllerDeps {
  storage: Storage | undefined
  engine: PlayerEngine
  loader: AudioLoader
  fetcher: DeviceFetch
  createLive(token: string, outbox: Outbox, handlers: LiveHandlers): LiveLink
}

function toItem(command: PlayCommand): QueueItem {
  return {
    playId: command.play_id,
    messageId: command.message_id,
    priority: command.priority,
    title: command.title,
    audioUrl: command.audio_url,
    durationSeconds: command.duration_seconds,
    requestedAt: command.requested_at,
  }
}

/** A scheduled occurrence the player queued by itself, under a negative play ID. */
interface LocalPlay {
  occurrence: OccurrenceRef
  /** Server plays of the same occurrence that arrived meanwhile; they follow this play's progress. */
  covers: number[]
}

function localItem(playId: number, item: UpcomingPlay): QueueItem {
  return {
    playId,
    messageId: item.message_id,
    priority: item.priority,
    title: item.title,
    audioUrl: item.audio_url,
    durationSeconds: item.duration_seconds,
    requestedAt: item.at,
  }
}

function codeOf(err: unknown): string {
  return err instanceof ApiError ? err.code : clientErrorCodes.unknown
}

/**
 * PlayerController runs one player page. pair and begin must be called from
 * a click: they unlock the audio before anything else.
 *
 * Scheduled occurrences are played by the server's play commands while the
 * live channel works. When it does not at an occurrence's time, or the play
 * command is more than 15 s late, the controller queues the occurrence
 * itself under a negative play ID, reports it as an offline play, and
 * answers the server's later play of it with the times it was heard.
 */
export class PlayerController {
  readonly view: PlayerView
  private readonly outbox: Outbox
  private readonly agenda: Agenda
  private token: string | null = null
  private queue = new PlayQueue()
  private live: LiveLink | null = null
  private welcomes = 0
  private configTimer: ReturnType<typeof setTimeout> | null = null
  private refreshTimer: ReturnType<typeof setInterval> | null = null
  private agendaTimer: ReturnType<typeof setTimeout> | null = null
  /** Local plays still in the queue, by their negative play ID. */
  private locals = new Map<number, LocalPlay>()
  /** Server plays answered from a local play, with that play's ID (0 once it is over). */
  private covered = new Map<number, number>()
  private nextLocalId = -1

  constructor(private readonly deps: ControllerDeps) {
    this.outbox = new Outbox(deps.storage)
    this.agenda = new Agenda(deps.storage)
    const stored = loadCredential(deps.storage)
    this.token = stored?.token ?? null
    this.view = reactive<PlayerView>({
      screen: stored ? 'start' : 'pair',
      player: stored?.player ?? null,
      connection: 'closed',
      volume: stored?.player.volume ?? 80,
      music: null,
      current: null,
      announcement: null,
      pending: [],
      configError: null,
      lostBecause: null,
    })
    deps.engine.setVolume(this.view.volume)
  }

  /**
   * pair exchanges a typed code for the credential and starts playing. It
   * rejects with the server's ApiError (pairing_code_invalid,
   * too_many_attempts, network_error, …) and then stays on the pairing screen.
   */
  async pair(code: string): Promise<void> {
    const unlocked = this.deps.engine.unlock()
    const pairing = await pairDevice(this.deps.fetcher, code)
    this.outbox.clear()
    this.agenda.clear()
    saveCredential(this.deps.storage, pairing)
    this.token = pairing.token
    this.view.player = pairing.player
    this.view.lostBecause = null
    await unlocked.catch(() => {})
    this.run()
  }

  /** begin starts a player that was paired before, e.g. after a reload. */
  async begin(): Promise<void> {
    if (!this.token) return
    await this.deps.engine.unlock().catch(() => {})
    this.run()
  }

  /** unpair forgets the credential on this device and shows the pairing screen. */
  unpair() {
    this.halt()
    clearCredential(this.deps.storage)
    this.outbox.clear()
    this.agenda.clear()
    this.forgetConfig()
    this.token = null
    this.view.player = null
    this.view.screen = 'pair'
  }

  /** setVolume changes this player's volume until the server sends another. */
  setVolume(volume: number) {
    this.view.volume = Math.min(100, Math.max(0, Math.round(volume)))
    this.deps.engine.setVolume(this.view.volume)
  }

  /** dispose stops everything, as when the page closes. */
  dispose() {
    this.halt()
    this.deps.engine.dispose()
  }

  /** showTrack records which music bed the engine plays. */
  showTrack(track: MusicTrack | null) {
    this.view.music = track
  }

  /** nowPlaying describes what is heard, for heartbeats and the page. */
  nowPlaying(): string {
    const current = this.view.current
    if (current) return current.title || `#${current.messageId}`
    const music = this.view.music
    if (music) return music.artist ? `${music.name} — ${music.artist}` : music.name
    return ''
  }

  /** snapshot is a plain copy of the view for diagnostics and browser tests. */
  snapshot() {
    return {
      screen: this.view.screen,
      connection: this.view.connection,
      player: this.view.player ? { ...this.view.player } : null,
      volume: this.view.volume,
      music: this.view.music ? { ...this.view.music } : null,
      current: this.view.current ? { ...this.view.current } : null,
      announcement: this.view.announcement,
      pending: this.view.pending.map((item) => ({ ...item })),
      nowPlaying: this.nowPlaying(),
    }
  }

  private run() {
    const token = this.token
    if (!token) return
    this.halt()
    this.view.screen = 'running'
    this.queue = new PlayQueue(this.outbox.handled())
    this.welcomes = 0
    this.locals = new Map()
    this.covered = new Map()
    for (const record of this.agenda.abandon(new Date().toISOString())) this.reportLocal(record)
    const stored = this.storedConfig()
    if (stored) this.applyConfig(stored)
    this.live = this.deps.createLive(token, this.outbox, this.handlers())
    this.live.start()
    this.refreshTimer = setInterval(() => {
      if (this.view.connection === 'connected') void this.loadConfig()
    }, configRefreshMs)
    this.checkAgenda()
    void this.loadConfig()
  }

  private halt() {
    const live = this.live
    this.live = null // no local plays while the channel closes
    live?.stop()
    this.apply(this.queue.clear())
    this.deps.engine.setMusic([], false)
    if (this.configTimer !== null) clearTimeout(this.configTimer)
    if (this.refreshTimer !== null) clearInterval(this.refreshTimer)
    if (this.agendaTimer !== null) clearTimeout(this.agendaTimer)
    this.configTimer = null
    this.refreshTimer = null
    this.agendaTimer = null
    this.view.connection = 'closed'
    this.view.configError = null
  }

  private handlers(): LiveHandlers {
    return {
      status: (status) => {
        this.view.connection = status
        this.checkAgenda()
      },
      welcome: (player) => {
        this.applySettings(player)
        if (this.welcomes++ > 0) void this.loadConfig()
      },
      play: (command) => this.play(command),
      stop: (playId) => this.apply(this.queue.stop(this.covered.get(playId) || playId)),
      volume: (volume) => this.setVolume(volume),
      resync: () => void this.loadConfig(),
      credentialLost: (code) => this.lose(code),
      heartbeat: () => ({ now_playing: this.nowPlaying(), queue: this.queue.pending.length }),
    }
  }

  private play(command: PlayCommand) {
    if (this.queue.has(command.play_id) || this.covered.has(command.play_id)) return
    const occurrence = this.agenda.claim(command)
    if (occurrence?.by === 'local') {
      this.cover(command.play_id, occurrence)
      return
    }
    this.live?.ack(command.play_id, 'received')
    void this.deps.loader.prefetch([command.audio_url])
    this.apply(this.queue.add(toItem(command)))
    if (occurrence) this.checkAgenda()
  }

  /**
   * cover answers a server play of an occurrence the player already played,
   * or plays, by itself: it is acknowledged with the local times, and from
   * then on follows the local play, instead of being heard a second time.
   */
  private cover(playId: number, occurrence: HandledOccurrence) {
    const localId = [...this.locals].find(([, local]) => sameOccurrence(local.occurrence, occurrence))?.[0] ?? 0
    this.covered.set(playId, localId)
    this.live?.ack(playId, 'received', undefined, occurrence.queued_at)
    if (occurrence.started_at) this.live?.ack(playId, 'started', undefined, occurrence.started_at)
    if (occurrence.status) this.live?.ack(playId, occurrence.status, occurrence.error, occurrence.finished_at)
    else this.locals.get(localId)?.covers.push(playId)
  }

  /**
   * checkAgenda plays by itself what is due now (agenda.ts) and sets a timer
   * for the next time something may be. It runs on its timer, on every
   * change of connection, and whenever the agenda changes.
   */
  private checkAgenda() {
    if (this.agendaTimer !== null) clearTimeout(this.agendaTimer)
    this.agendaTimer = null
    if (!this.live || this.view.connection === 'closed') return
    const now = Date.now()
    const connected = this.view.connection === 'connected'
    for (const item of this.agenda.due(now, connected)) this.playOwn(item, now)
    const next = this.agenda.nextCheck(now, connected)
    if (next === null) return
    const wait = Math.min(Math.max(next - now, 50), agendaTickMs)
    this.agendaTimer = setTimeout(() => this.checkAgenda(), wait)
  }

  private playOwn(item: UpcomingPlay, now: number) {
    const playId = this.nextLocalId--
    const record = this.agenda.begin(item, new Date(now).toISOString())
    this.locals.set(playId, { occurrence: record, covers: [] })
    this.apply(this.queue.add(localItem(playId, item)))
  }

  /** progress passes on how a play moved: to the server for its plays, to the agenda for the player's own. */
  private progress(playId: number, status: AckStatus, error?: string) {
    const local = this.locals.get(playId)
    if (!local) {
      this.live?.ack(playId, status, error)
      return
    }
    const at = new Date().toISOString()
    if (status === 'started') {
      this.agenda.started(local.occurrence, at)
    } else if (status !== 'received') {
      this.locals.delete(playId)
      const record = this.agenda.finish(local.occurrence, status as LocalOutcome, at, error)
      if (record) this.reportLocal(record)
      for (const covered of local.covers) this.covered.set(covered, 0)
    }
    for (const covered of local.covers) this.live?.ack(covered, status, error, at)
  }

  private reportLocal(record: HandledOccurrence) {
    const report = offlineReport(record)
    if (!report) return
    if (this.live) this.live.report(report)
    else this.outbox.addReport(report)
  }

  private apply(effects: QueueEffect[]) {
    for (const effect of effects) {
      switch (effect.kind) {
        case 'start':
          this.announce(effect.item)
          break
        case 'halt':
          this.deps.engine.stopAnnouncement()
          this.view.announcement = null
          break
        case 'report':
          this.progress(effect.playId, effect.status)
          break
        case 'idle':
          this.view.announcement = null
          void this.deps.engine.setMusicLevel('normal')
          break
      }
    }
    this.view.current = this.queue.current
    this.view.pending = this.queue.pending
  }

  private announce(item: QueueItem) {
    const id = item.playId
    this.view.announcement = 'loading'
    this.deps.engine.announce(item.audioUrl, this.queue.emergency ? 'muted' : 'ducked', {
      started: () => {
        this.view.announcement = 'playing'
        this.progress(id, 'started')
        this.live?.heartbeat()
      },
      ended: () => {
        this.progress(id, 'finished')
        this.apply(this.queue.ended(id))
      },
      failed: (code) => {
        this.progress(id, 'failed', code)
        this.apply(this.queue.ended(id))
      },
    })
  }

  private lose(code: string) {
    this.unpair()
    this.view.lostBecause = code
  }

  private async loadConfig(): Promise<void> {
    const token = this.token
    if (!token) return
    if (this.configTimer !== null) clearTimeout(this.configTimer)
    this.configTimer = null
    try {
      const config = await fetchDeviceConfig(this.deps.fetcher, token)
      if (token !== this.token || this.view.screen !== 'running') return
      this.view.configError = null
      this.rememberConfig(config)
      this.applyConfig(config)
      this.agenda.replace(config.upcoming, Date.now())
      this.checkAgenda()
      await this.cacheAhead(config)
    } catch (err) {
      if (token !== this.token || this.view.screen !== 'running') return
      const code = codeOf(err)
      if (credentialLostCodes.has(code)) {
        this.lose(code)
        return
      }
      this.view.configError = code
      this.configTimer = setTimeout(() => void this.loadConfig(), configRetryMs)
    }
  }

  private applyConfig(config: DeviceConfig) {
    this.applySettings(config.player)
    this.deps.engine.setMusic(config.music, config.player.music_enabled)
  }

  private applySettings(player: PlayerSettings) {
    this.view.player = player
    this.deps.engine.setDucking(player)
    this.setVolume(player.volume)
    if (this.token) saveCredential(this.deps.storage, { token: this.token, player })
  }

  // Fetches what the next day will play and drops what nothing needs any more.
  private async cacheAhead(config: DeviceConfig) {
    // The agenda also holds occurrences that just passed, which a late play may still need.
    const upcoming = [...new Set([...config.upcoming, ...this.agenda.upcoming()].map((play) => play.audio_url))]
    const queued = [this.queue.current, ...this.queue.pending].flatMap((item) => (item ? [item.audioUrl] : []))
    const music = config.music.map((track) => track.audio_url)
    await this.deps.loader.prune([...music, ...upcoming, ...queued]).catch(() => {})
    await this.deps.loader.prefetch([...upcoming, ...music])
  }

  private storedConfig(): DeviceConfig | null {
    try {
      const raw = this.deps.storage?.getItem(configKey)
      return raw ? parseDeviceConfig(JSON.parse(raw)) : null
    } catch {
      return null
    }
  }

  private rememberConfig(config: DeviceConfig) {
    try {
      this.deps.storage?.setItem(configKey, JSON.stringify(config))
    } catch {
      // Without it, a restart without network waits for the server.
    }
  }

  private forgetConfig() {
    try {
      this.deps.storage?.removeItem(configKey)
    } catch {
      // Nothing stored.
    }
  }
}
