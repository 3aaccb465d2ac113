// The player's sound: music beds and announcements mixed with Web Audio.
//
//   music <audio> ──► musicGain ──┐
//                                 ├──► masterGain ──► speakers
//   announcement <audio> ──► announceGain ──┘
//
// musicGain ducks under announcements and comes back when they are over;
// masterGain is the player's volume.

import { ApiError } from '../api/client'
import type { AudioLoader } from './audioCache'
import type { MusicTrack, PlayerSettings } from './deviceApi'

/** How loud the music is meant to be. */
export type MusicLevel = 'normal' | 'ducked' | 'muted'

/** What happens to one announcement; at most one of ended and failed is called. */
export interface AnnouncementEvents {
  started(): void
  ended(): void
  failed(code: string): void
}

export type DuckingSettings = Pick<PlayerSettings, 'duck_db' | 'duck_attack_ms' | 'duck_release_ms'>

/** PlayerEngine is what the player page asks of its sound. */
export interface PlayerEngine {
  /**
   * unlock creates or resumes the audio context. Call it straight from a
   * click: browsers allow sound only after a gesture of the visitor.
   */
  unlock(): Promise<void>
  setVolume(volume: number): void
  setDucking(settings: DuckingSettings): void
  /** setMusic sets the beds to loop through, in order; disabled or empty means silence. */
  setMusic(tracks: readonly MusicTrack[], enabled: boolean): void
  /** setMusicLevel ramps the music; it resolves when the ramp is over. */
  setMusicLevel(level: MusicLevel): Promise<void>
  /** announce ducks (or mutes) the music, then plays url; it replaces any announcement. */
  announce(url: string, level: MusicLevel, events: AnnouncementEvents): void
  /** stopAnnouncement silences the announcement; its events are not called any more. */
  stopAnnouncement(): void
  /** musicGain is the music's current gain, 1 at the normal level. */
  musicGain(): number
  /** musicTime is the position in the bed that plays, in seconds. */
  musicTime(): number
  announcement(): HTMLAudioElement | null
  dispose(): void
}

/** Failure codes reported with a failed announcement. */
export const announcementErrors = {
  unavailable: 'audio_unavailable',
  unplayable: 'audio_unplayable',
  refused: 'play_refused',
  stalled: 'playback_stalled',
  unsupported: 'audio_unsupported',
} as const

/** dbToGain converts decibels to a linear gain. */
export function dbToGain(db: number): number {
  return 10 ** (db / 20)
}

/** volumeToGain maps a 0–100 volume to a gain on a curve that sounds even. */
export function volumeToGain(volume: number): number {
  const v = Math.min(100, Math.max(0, volume)) / 100
  return v * v
}

/** rampParam moves an audio parameter from where it is now to target, linearly. */
export function rampParam(param: AudioParam, target: number, ms: number, now: number) {
  param.cancelScheduledValues(now)
  param.setValueAtTime(param.value, now)
  param.linearRampToValueAtTime(target, now + Math.max(0, ms) / 1000)
}

export interface EngineOptions {
  loader: AudioLoader
  createContext?: () => AudioContext
  createAudio?: () => HTMLAudioElement
  objectUrls?: { create(blob: Blob): string; revoke(url: string): void }
  /** Told which bed plays, or null when the music stops. */
  onTrack?: (track: MusicTrack | null) => void
}

// A bed that fails is followed by the next one after a short wait; when all
// of them fail in a row, the player waits longer before trying again.
const musicRetryMs = 2_000
const musicGiveUpMs = 30_000

// How often a playing announcement must have moved on to count as alive.
const stallCheckMs = 20_000

function defaultContext(): AudioContext {
  const Context = globalThis.AudioContext ?? (globalThis as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
  if (!Context) throw new ApiError(announcementErrors.unsupported, 0, 'Web Audio is not available')
  return new Context({ latencyHint: 'playback' })
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** failureCode names why an announcement's audio could not be had. */
function failureCode(err: unknown): string {
  if (err instanceof ApiError && err.status >= 400) return err.code
  return announcementErrors.unavailable
}

interface Graph {
  context: AudioContext
  master: GainNode
  music: GainNode
  musicElement: HTMLAudioElement
  announceElement: HTMLAudioElement
}

/** WebAudioEngine plays through the Web Audio graph drawn at the top of this file. */
export class WebAudioEngine implements PlayerEngine {
  private graph: Graph | null = null
  private volume = 80
  private ducking: DuckingSettings = { duck_db: -18, duck_attack_ms: 400, duck_release_ms: 1200 }
  private tracks: readonly MusicTrack[] = []
  private musicOn = false
  private trackIndex = 0
  private musicToken = 0
  private musicFailures = 0
  private musicRetry: ReturnType<typeof setTimeout> | null = null
  private musicUrl: string | null = null
  private announceToken = 0
  private announceUrl: string | null = null
  private watchdog: ReturnType<typeof setTimeout> | null = null
  private readonly createContext: () => AudioContext
  private readonly createAudio: () => HTMLAudioElement
  private readonly urls: NonNullable<EngineOptions['objectUrls']>

  constructor(private readonly options: EngineOptions) {
    this.createContext = options.createContext ?? defaultContext
    this.createAudio = options.createAudio ?? (() => new Audio())
    this.urls = options.objectUrls ?? { create: (blob) => URL.createObjectURL(blob), revoke: (url) => URL.revokeObjectURL(url) }
  }

  unlock(): Promise<void> {
    try {
      const graph = this.graph ?? this.build()
      if (graph.context.state === 'running') return Promise.resolve()
      return graph.context.resume()
    } catch (err) {
      // Without Web Audio nothing can play; announcements then fail as audio_unsupported.
      return Promise.reject(err)
    }
  }

  setVolume(volume: number) {
    this.volume = volume
    if (this.graph) rampParam(this.graph.master.gain, volumeToGain(volume), 50, this.graph.context.currentTime)
  }

  setDucking(settings: DuckingSettings) {
    this.ducking = { ...settings }
  }

  setMusic(tracks: readonly MusicTrack[], enabled: boolean) {
    const playing = this.tracks[this.trackIndex]?.audio_url
    this.tracks = [...tracks]
    this.musicOn = enabled && tracks.length > 0
    if (!this.musicOn) {
      this.stopMusic()
      return
    }
    const still = tracks.findIndex((track) => track.audio_url === playing)
    if (still >= 0 && this.musicUrl) {
      this.trackIndex = still
      return
    }
    this.trackIndex = 0
    this.playTrack()
  }

  setMusicLevel(level: MusicLevel): Promise<void> {
    if (!this.graph) return Promise.resolve()
    const { duck_db, duck_attack_ms, duck_release_ms } = this.ducking
    const target = level === 'normal' ? 1 : level === 'muted' ? 0 : dbToGain(duck_db)
    const ms = level === 'normal' ? duck_release_ms : duck_attack_ms
    rampParam(this.graph.music.gain, target, ms, this.graph.context.currentTime)
    return wait(ms)
  }

  announce(url: string, level: MusicLevel, events: AnnouncementEvents) {
    this.stopAnnouncement()
    const token = this.announceToken
    const graph = this.graph
    if (!graph) {
      events.failed(announcementErrors.unsupported)
      return
    }
    Promise.all([this.options.loader.load(url), this.setMusicLevel(level)]).then(
      ([blob]) => {
        if (token === this.announceToken) this.playAnnouncement(graph.announceElement, blob, token, events)
      },
      (err: unknown) => {
        if (token === this.announceToken) events.failed(failureCode(err))
      },
    )
  }

  stopAnnouncement() {
    this.announceToken++
    this.clearWatchdog()
    const element = this.graph?.announceElement
    if (element) {
      element.onplaying = null
      element.onended = null
      element.onerror = null
      element.pause()
      element.removeAttribute('src')
      element.load()
    }
    if (this.announceUrl) this.urls.revoke(this.announceUrl)
    this.announceUrl = null
  }

  musicGain(): number {
    return this.graph?.music.gain.value ?? 1
  }

  musicTime(): number {
    return this.graph?.musicElement.currentTime ?? 0
  }

  announcement(): HTMLAudioElement | null {
    return this.graph?.announceElement ?? null
  }

  dispose() {
    this.stopAnnouncement()
    this.musicOn = false
    this.stopMusic()
    void this.graph?.context.close().catch(() => {})
    this.graph = null
  }

  private build(): Graph {
    const context = this.createContext()
    const master = context.createGain()
    master.gain.value = volumeToGain(this.volume)
    master.connect(context.destination)
    const music = context.createGain()
    music.connect(master)
    const announce = context.createGain()
    announce.connect(master)

    const musicElement = this.createAudio()
    context.createMediaElementSource(musicElement).connect(music)
    musicElement.addEventListener('playing', () => (this.musicFailures = 0))
    musicElement.addEventListener('ended', () => this.nextTrack())
    musicElement.addEventListener('error', () => {
      if (this.musicUrl) this.musicFailed()
    })
    const announceElement = this.createAudio()
    context.createMediaElementSource(announceElement).connect(announce)

    this.graph = { context, master, music, musicElement, announceElement }
    if (this.musicOn) this.playTrack()
    return this.graph
  }

  private playAnnouncement(element: HTMLAudioElement, blob: Blob, token: number, events: AnnouncementEvents) {
    const url = this.urls.create(blob)
    this.announceUrl = url
    let started = false
    const over = (outcome: () => void) => {
      if (token !== this.announceToken) return
      this.stopAnnouncement()
      outcome()
    }
    element.onplaying = () => {
      if (started || token !== this.announceToken) return
      started = true
      events.started()
    }
    element.onended = () => over(() => events.ended())
    element.onerror = () => over(() => events.failed(announcementErrors.unplayable))
    element.src = url
    element.play().catch(() => over(() => events.failed(announcementErrors.refused)))
    this.startWatchdog(element, token, events)
  }

  // An announcement whose position stops moving would hold the queue forever.
  private startWatchdog(element: HTMLAudioElement, token: number, events: AnnouncementEvents) {
    this.clearWatchdog()
    let position = -1
    const check = () => {
      if (token !== this.announceToken) return
      if (element.currentTime > position) {
        position = element.currentTime
        this.watchdog = setTimeout(check, stallCheckMs)
        return
      }
      this.stopAnnouncement()
      events.failed(announcementErrors.stalled)
    }
    this.watchdog = setTimeout(check, stallCheckMs)
  }

  private clearWatchdog() {
    if (this.watchdog !== null) clearTimeout(this.watchdog)
    this.watchdog = null
  }

  private playTrack() {
    const graph = this.graph
    const track = this.tracks[this.trackIndex]
    if (!graph || !this.musicOn || !track) return
    const token = ++this.musicToken
    if (this.musicRetry !== null) clearTimeout(this.musicRetry)
    this.musicRetry = null
    this.options.onTrack?.(track)
    this.options.loader.load(track.audio_url).then(
      (blob) => {
        if (token !== this.musicToken) return
        const previous = this.musicUrl
        this.musicUrl = this.urls.create(blob)
        graph.musicElement.src = this.musicUrl
        if (previous) this.urls.revoke(previous)
        graph.musicElement.play().catch(() => {
          if (token === this.musicToken) this.musicFailed()
        })
      },
      () => {
        if (token === this.musicToken) this.musicFailed()
      },
    )
  }

  private nextTrack() {
    if (!this.musicOn || this.tracks.length === 0) return
    this.trackIndex = (this.trackIndex + 1) % this.tracks.length
    this.playTrack()
  }

  private musicFailed() {
    if (this.musicRetry !== null) return
    this.musicFailures++
    const delay = this.musicFailures >= this.tracks.length ? musicGiveUpMs : musicRetryMs
    if (this.musicFailures >= this.tracks.length) this.musicFailures = 0
    const token = this.musicToken
    this.musicRetry = setTimeout(() => {
      this.musicRetry = null
      if (token === this.musicToken) this.nextTrack()
    }, delay)
  }

  private stopMusic() {
    this.musicToken++
    if (this.musicRetry !== null) clearTimeout(this.musicRetry)
    this.musicRetry = null
    const element = this.graph?.musicElement
    if (element) {
      element.pause()
      element.removeAttribute('src')
      element.load()
    }
    if (this.musicUrl) this.urls.revoke(this.musicUrl)
    this.musicUrl = null
    this.options.onTrack?.(null)
  }
}
