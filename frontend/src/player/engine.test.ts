import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'

import { ApiError } from '../api/client'
import type { AudioLoader } from './audioCache'
import type { MusicTrack } from './deviceApi'
import { dbToGain, volumeToGain, WebAudioEngine, type AnnouncementEvents } from './engine'

class FakeParam {
  value: number
  calls: string[] = []
  constructor(value: number) {
    this.value = value
  }
  cancelScheduledValues(at: number) {
    this.calls.push(`cancel@${at}`)
  }
  setValueAtTime(value: number, at: number) {
    this.calls.push(`set ${value}@${at}`)
  }
  linearRampToValueAtTime(value: number, at: number) {
    this.calls.push(`ramp ${+value.toFixed(4)}@${at}`)
    this.value = value
  }
}

class FakeNode {
  gain = new FakeParam(1)
  connections: unknown[] = []
  connect(target: unknown) {
    this.connections.push(target)
    return target
  }
}

class FakeContext {
  state: AudioContextState = 'suspended'
  currentTime = 3
  destination = { name: 'speakers' }
  gains: FakeNode[] = []
  sources: { element: unknown; node: FakeNode }[] = []
  resume = vi.fn(async () => {
    this.state = 'running'
  })
  close = vi.fn(async () => {})
  createGain() {
    const node = new FakeNode()
    this.gains.push(node)
    return node
  }
  createMediaElementSource(element: unknown) {
    const node = new FakeNode()
    this.sources.push({ element, node })
    return node
  }
}

/** FakeAudio stands in for an <audio> element: play() starts it at once. */
class FakeAudio extends EventTarget {
  src = ''
  currentTime = 0
  paused = true
  onplaying: (() => void) | null = null
  onended: (() => void) | null = null
  onerror: (() => void) | null = null
  refuse = false
  play = vi.fn(async () => {
    if (this.refuse) throw new DOMException('no gesture', 'NotAllowedError')
    this.paused = false
    this.onplaying?.()
    this.dispatchEvent(new Event('playing'))
  })
  pause = vi.fn(() => {
    this.paused = true
  })
  load = vi.fn()
  removeAttribute(name: string) {
    if (name === 'src') this.src = ''
  }
  finish() {
    this.paused = true
    this.onended?.()
    this.dispatchEvent(new Event('ended'))
  }
}

const track = (id: number): MusicTrack => ({
  id, name: `Cortina ${id}`, artist: 'Estudio', duration_seconds: 120, audio_url: `/api/v1/device/sounds/${id}/audio`,
})

function setUp(load: (url: string) => Promise<Blob> = async (url) => new Blob([url])) {
  const context = new FakeContext()
  const audios: FakeAudio[] = []
  const loader: AudioLoader = { load: vi.fn(load), prefetch: vi.fn(), prune: vi.fn() }
  const onTrack = vi.fn()
  let urls = 0
  const engine = new WebAudioEngine({
    loader,
    createContext: () => context as unknown as AudioContext,
    createAudio: () => {
      const audio = new FakeAudio()
      audios.push(audio)
      return audio as unknown as HTMLAudioElement
    },
    objectUrls: { create: () => `blob:${++urls}`, revoke: vi.fn() },
    onTrack,
  })
  // build() creates the gains in this order: master, music, announce.
  const gains = () => ({ master: context.gains[0]!, music: context.gains[1]!, announce: context.gains[2]! })
  const music = () => audios[0]!
  const announcement = () => audios[1]!
  return { context, engine, loader, onTrack, gains, music, announcement }
}

function events(): AnnouncementEvents & { log: string[] } {
  const log: string[] = []
  return {
    log,
    started: () => log.push('started'),
    ended: () => log.push('ended'),
    failed: (code) => log.push(`failed ${code}`),
  }
}

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('levels', () => {
  it('converts decibels and volumes to gains', () => {
    expect(dbToGain(0)).toBe(1)
    expect(dbToGain(-20)).toBeCloseTo(0.1)
    expect(dbToGain(-18)).toBeCloseTo(0.1259, 4)
    expect(volumeToGain(100)).toBe(1)
    expect(volumeToGain(50)).toBe(0.25)
    expect(volumeToGain(0)).toBe(0)
    expect(volumeToGain(140)).toBe(1)
  })
})

describe('WebAudioEngine', () => {
  it('builds music and announcements into one master gain on unlock', async () => {
    const { context, engine, gains, music, announcement } = setUp()
    engine.setVolume(50)
    await engine.unlock()
    expect(context.resume).toHaveBeenCalled()
    const { master, music: musicGain, announce } = gains()
    expect(master.gain.value).toBe(0.25)
    expect(master.connections).toEqual([context.destination])
    expect(musicGain.connections).toEqual([master])
    expect(announce.connections).toEqual([master])
    expect(context.sources.map((s) => [s.element, s.node.connections[0]])).toEqual([
      [music(), musicGain],
      [announcement(), announce],
    ])
    expect(engine.announcement()).toBe(announcement())
  })

  it('rejects the unlock without Web Audio and fails announcements as unsupported', async () => {
    const engine = new WebAudioEngine({
      loader: { load: vi.fn(), prefetch: vi.fn(), prune: vi.fn() },
      createContext: () => {
        throw new Error('no Web Audio')
      },
    })
    await expect(engine.unlock()).rejects.toThrow('no Web Audio')
    const record = events()
    engine.announce('/a.mp3', 'ducked', record)
    expect(record.log).toEqual(['failed audio_unsupported'])
    expect(engine.musicGain()).toBe(1)
  })

  it('loops through the beds in order', async () => {
    const { engine, music, onTrack, loader } = setUp()
    await engine.unlock()
    engine.setMusic([track(1), track(2)], true)
    await vi.advanceTimersByTimeAsync(0)
    expect(music().src).toBe('blob:1')
    expect(onTrack).toHaveBeenLastCalledWith(track(1))
    music().finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(music().src).toBe('blob:2')
    music().finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(music().src).toBe('blob:3')
    expect(vi.mocked(loader.load).mock.calls.map((call) => call[0])).toEqual([
      '/api/v1/device/sounds/1/audio', '/api/v1/device/sounds/2/audio', '/api/v1/device/sounds/1/audio',
    ])
  })

  it('starts the music set before the unlock once it comes', async () => {
    const { engine, music } = setUp()
    engine.setMusic([track(1)], true)
    await engine.unlock()
    await vi.advanceTimersByTimeAsync(0)
    expect(music().paused).toBe(false)
  })

  it('keeps the bed that plays when the list is sent again', async () => {
    const { engine, music, loader } = setUp()
    await engine.unlock()
    engine.setMusic([track(1), track(2)], true)
    await vi.advanceTimersByTimeAsync(0)
    engine.setMusic([track(3), track(1)], true)
    await vi.advanceTimersByTimeAsync(0)
    expect(loader.load).toHaveBeenCalledTimes(1)
    music().finish()
    await vi.advanceTimersByTimeAsync(0)
    expect(vi.mocked(loader.load).mock.calls.at(-1)?.[0]).toBe('/api/v1/device/sounds/3/audio')
  })

  it('stops the music when it is disabled', async () => {
    const { engine, music, onTrack } = setUp()
    await engine.unlock()
    engine.setMusic([track(1)], true)
    await vi.advanceTimersByTimeAsync(0)
    engine.setMusic([track(1)], false)
    expect(music().paused).toBe(true)
    expect(music().src).toBe('')
    expect(onTrack).toHaveBeenLastCalledWith(null)
  })

  it('skips a bed that cannot be loaded', async () => {
    const { engine, music } = setUp(async (url) => {
      if (url.includes('/1/')) throw new ApiError('sound_not_found', 404)
      return new Blob([url])
    })
    await engine.unlock()
    engine.setMusic([track(1), track(2)], true)
    await vi.advanceTimersByTimeAsync(0)
    expect(music().src).toBe('')
    await vi.advanceTimersByTimeAsync(2_000)
    expect(music().src).toBe('blob:1')
    expect(music().paused).toBe(false)
  })

  it('ducks the music over the attack time before an announcement, then brings it back', async () => {
    const { engine, gains, announcement, context } = setUp()
    engine.setDucking({ duck_db: -18, duck_attack_ms: 400, duck_release_ms: 1200 })
    await engine.unlock()
    const record = events()
    engine.announce('/api/v1/device/messages/5/audio', 'ducked', record)
    const music = gains().music.gain
    expect(music.calls).toEqual(['cancel@3', 'set 1@3', 'ramp 0.1259@3.4'])
    await vi.advanceTimersByTimeAsync(399)
    expect(announcement().play).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(announcement().play).toHaveBeenCalled()
    expect(record.log).toEqual(['started'])
    expect(engine.musicGain()).toBeCloseTo(dbToGain(-18))

    announcement().finish()
    expect(record.log).toEqual(['started', 'ended'])
    context.currentTime = 9
    void engine.setMusicLevel('normal')
    expect(music.calls.slice(-3)).toEqual(['cancel@9', `set ${dbToGain(-18)}@9`, 'ramp 1@10.2'])
    expect(engine.musicGain()).toBe(1)
  })

  it('mutes the music for an emergency', async () => {
    const { engine, gains } = setUp()
    await engine.unlock()
    engine.announce('/api/v1/device/messages/6/audio', 'muted', events())
    expect(gains().music.gain.calls.at(-1)).toBe('ramp 0@3.4')
    expect(engine.musicGain()).toBe(0)
  })

  it('reports an announcement whose audio cannot be fetched as failed with the code', async () => {
    const { engine, announcement } = setUp(async () => {
      throw new ApiError('message_not_found', 404)
    })
    await engine.unlock()
    const record = events()
    engine.announce('/api/v1/device/messages/9/audio', 'ducked', record)
    await vi.advanceTimersByTimeAsync(400)
    expect(record.log).toEqual(['failed message_not_found'])
    expect(announcement().play).not.toHaveBeenCalled()
  })

  it('reports an announcement the browser refuses to play as failed', async () => {
    const { engine, announcement } = setUp()
    await engine.unlock()
    announcement().refuse = true
    const record = events()
    engine.announce('/a.mp3', 'ducked', record)
    await vi.advanceTimersByTimeAsync(400)
    expect(record.log).toEqual(['failed play_refused'])
  })

  it('reports a media error as failed', async () => {
    const { engine, announcement } = setUp()
    await engine.unlock()
    const record = events()
    engine.announce('/a.mp3', 'ducked', record)
    await vi.advanceTimersByTimeAsync(400)
    announcement().onerror?.()
    expect(record.log).toEqual(['started', 'failed audio_unplayable'])
  })

  it('reports an announcement whose position stops moving as stalled', async () => {
    const { engine, announcement } = setUp()
    await engine.unlock()
    const record = events()
    engine.announce('/a.mp3', 'ducked', record)
    await vi.advanceTimersByTimeAsync(400)
    announcement().currentTime = 4
    await vi.advanceTimersByTimeAsync(20_000)
    expect(record.log).toEqual(['started'])
    await vi.advanceTimersByTimeAsync(20_000)
    expect(record.log).toEqual(['started', 'failed playback_stalled'])
  })

  it('calls nothing more for a stopped announcement', async () => {
    const { engine, announcement } = setUp()
    await engine.unlock()
    const record = events()
    engine.announce('/a.mp3', 'ducked', record)
    engine.stopAnnouncement()
    await vi.advanceTimersByTimeAsync(60_000)
    expect(record.log).toEqual([])
    expect(announcement().play).not.toHaveBeenCalled()
  })

  it('lets a new announcement replace the one playing without ending it', async () => {
    const { engine, announcement } = setUp()
    await engine.unlock()
    const first = events()
    const second = events()
    engine.announce('/a.mp3', 'ducked', first)
    await vi.advanceTimersByTimeAsync(400)
    engine.announce('/b.mp3', 'muted', second)
    await vi.advanceTimersByTimeAsync(400)
    announcement().finish()
    expect(first.log).toEqual(['started'])
    expect(second.log).toEqual(['started', 'ended'])
  })
})
