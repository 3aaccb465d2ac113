// Stand-ins for the player page's audio engine and live channel.
import { vi } from 'vitest'

import type { LiveLink } from '../player/controller'
import type { AnnouncementEvents, MusicLevel, PlayerEngine } from '../player/engine'
import type { LiveHandlers } from '../player/live'
import type { AckStatus, OfflineReport, Outbox } from '../player/outbox'

/** FakeEngine remembers what it was asked and lets the test finish announcements. */
export class FakeEngine implements PlayerEngine {
  log: string[] = []
  level: MusicLevel = 'normal'
  volume = -1
  playing: { url: string; events: AnnouncementEvents } | null = null
  unlock = vi.fn(async () => {})
  setVolume(volume: number) {
    this.volume = volume
  }
  setDucking() {}
  setMusic(tracks: readonly { audio_url: string }[], enabled: boolean) {
    this.log.push(`music ${enabled ? tracks.map((t) => t.audio_url).join(',') : 'off'}`)
  }
  async setMusicLevel(level: MusicLevel) {
    this.level = level
    this.log.push(`level ${level}`)
  }
  announce(url: string, level: MusicLevel, events: AnnouncementEvents) {
    this.level = level
    this.playing = { url, events }
    this.log.push(`announce ${url} ${level}`)
  }
  stopAnnouncement() {
    if (this.playing) this.log.push(`halt ${this.playing.url}`)
    this.playing = null
  }
  musicGain() {
    return 1
  }
  musicTime() {
    return 0
  }
  announcement() {
    return null
  }
  dispose() {}
}

/**
 * FakeLive records acknowledgements and offline reports, keeps them in the
 * outbox as the real channel does, and hands the test its handlers.
 */
export class FakeLive implements LiveLink {
  acks: string[] = []
  reports: OfflineReport[] = []
  started = false
  constructor(readonly token: string, readonly outbox: Outbox, readonly handlers: LiveHandlers) {}
  start() {
    this.started = true
  }
  stop() {
    this.started = false
  }
  ack(playId: number, status: AckStatus, error?: string, at?: string) {
    this.acks.push(`${playId} ${status}${error ? ` ${error}` : ''}`)
    this.outbox.add({ play_id: playId, status, at: at ?? '2026-12-24T18:30:00Z' })
  }
  report(report: OfflineReport) {
    this.reports.push(report)
    this.outbox.addReport(report)
  }
  heartbeat() {}
}
