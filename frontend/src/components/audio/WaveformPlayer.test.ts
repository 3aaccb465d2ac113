import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { createAppI18n } from '../../i18n'
import { jsonResponse, routeFetch } from '../../test-support/fixtures'
import WaveformPlayer from './WaveformPlayer.vue'

afterEach(() => {
  document.body.innerHTML = ''
  FakeAudioContext.contexts = []
})

// Four seconds of audio: loud in the first half, half as loud in the second.
const samples = new Float32Array(400)
samples.fill(0.5, 0, 200)
samples.fill(-0.25, 200, 400)

class FakeAudioContext {
  static contexts: FakeAudioContext[] = []
  decoded: number[] = []
  closed = false

  constructor() {
    FakeAudioContext.contexts.push(this)
  }

  async decodeAudioData(bytes: ArrayBuffer) {
    this.decoded.push(bytes.byteLength)
    return { numberOfChannels: 1, duration: 4, getChannelData: () => samples }
  }

  async close() {
    this.closed = true
  }
}

const audioPath = '/api/v1/messages/8/audio'

const recording = () => new Response(new Uint8Array([1, 2, 3, 4]), { headers: { 'Content-Type': 'audio/mpeg' } })

function serveAudio(status = 200) {
  const stub = routeFetch({
    [`GET ${audioPath}`]: () => (status === 200 ? recording() : jsonResponse({ error: { code: 'not_found', message: 'x' } }, status)),
  })
  vi.stubGlobal('fetch', stub.fetchMock)
  return stub
}

// serveAudioLater answers the recording only when the test calls release().
function serveAudioLater() {
  let release = () => {}
  const answered = new Promise<void>((resolve) => (release = resolve))
  const stub = routeFetch({ [`GET ${audioPath}`]: async () => (await answered, recording()) })
  vi.stubGlobal('fetch', stub.fetchMock)
  return { ...stub, release }
}

// Object URLs are numbered so a test can tell which download one stands for.
function stubObjectUrls() {
  let made = 0
  const create = vi.spyOn(URL, 'createObjectURL').mockImplementation(() => `blob:recording-${++made}`)
  const revoke = vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
  return { create, revoke }
}

// happy-dom keeps playing across a new src; a browser starts over, paused at 0.
function resetOnNewSource(audio: HTMLAudioElement) {
  Object.defineProperty(audio, 'src', {
    configurable: true,
    get: () => audio.getAttribute('src') ?? '',
    set: (value: string) => {
      audio.setAttribute('src', value)
      audio.pause()
      audio.currentTime = 0
    },
  })
}

function mountPlayer(props: Record<string, unknown> = {}) {
  return mount(WaveformPlayer, {
    attachTo: document.body,
    props: { src: audioPath, label: 'Oferta', audioTestId: 'spot-player', ...props },
    global: { plugins: [createAppI18n('es-CL')] },
  })
}

function audioOf(wrapper: ReturnType<typeof mountPlayer>) {
  return wrapper.get('[data-testid="spot-player"]').element as HTMLAudioElement
}

// happy-dom does not load media, so the test says how long it is.
async function setDuration(wrapper: ReturnType<typeof mountPlayer>, seconds: number) {
  const audio = audioOf(wrapper)
  Object.defineProperty(audio, 'duration', { value: seconds, configurable: true })
  audio.dispatchEvent(new Event('durationchange'))
  await flushPromises()
}

function barHeights(wrapper: ReturnType<typeof mountPlayer>): number[] {
  const d = wrapper.get('[data-testid="waveform-bars"]').attributes('d')!
  return [...d.matchAll(/v([\d.]+)/g)].map((match) => Number(match[1]))
}

describe('WaveformPlayer', () => {
  it('downloads once, decodes and draws 200 bars, and plays the same download', async () => {
    vi.stubGlobal('AudioContext', FakeAudioContext)
    const urls = stubObjectUrls()
    const stub = serveAudio()
    const wrapper = mountPlayer()
    const audio = audioOf(wrapper)
    expect(audio.getAttribute('preload')).toBe('none')
    // A browser fetches src as soon as preload allows it, so src must never be streamable meanwhile.
    const states: string[] = []
    const setAttribute = audio.setAttribute.bind(audio)
    audio.setAttribute = (name: string, value: string) => {
      setAttribute(name, value)
      states.push(`${audio.getAttribute('preload')} ${audio.getAttribute('src')}`)
    }
    await vi.waitFor(() => expect(wrapper.get('[data-testid="waveform-player"]').attributes('data-state')).toBe('ready'))

    expect(stub.calls.map((call) => call.url.pathname)).toEqual([audioPath])
    expect(FakeAudioContext.contexts[0]!.decoded).toEqual([4])
    expect(FakeAudioContext.contexts[0]!.closed).toBe(true)
    expect(wrapper.get('[data-testid="waveform"]').attributes('data-bars')).toBe('200')
    const heights = barHeights(wrapper)
    expect(heights).toHaveLength(200)
    expect(heights[0]).toBe(100)
    expect(heights[199]).toBe(50)
    expect(wrapper.get('[data-testid="waveform-time"]').text()).toBe('0:00 / 0:04')

    expect(urls.create).toHaveBeenCalledTimes(1)
    const played = urls.create.mock.calls[0]![0] as Blob
    expect(played.size).toBe(4)
    expect(played.type).toBe('audio/mpeg')
    expect(states).toEqual(['none blob:recording-1', 'auto blob:recording-1'])

    await wrapper.get('[data-testid="waveform-toggle"]').trigger('click')
    await flushPromises()
    expect(audioOf(wrapper).paused).toBe(false)
    expect(stub.calls).toHaveLength(1)
  })

  it('keeps the position and keeps playing when the download arrives during playback', async () => {
    vi.stubGlobal('AudioContext', FakeAudioContext)
    stubObjectUrls()
    const stub = serveAudioLater()
    const wrapper = mountPlayer()
    const audio = audioOf(wrapper)
    resetOnNewSource(audio)
    await flushPromises()
    expect(stub.calls).toHaveLength(1)

    // Started from outside the controls, the element streams src meanwhile.
    await audio.play()
    audio.currentTime = 1.5
    await flushPromises()
    expect(audio.getAttribute('src')).toBe(audioPath)

    stub.release()
    await vi.waitFor(() => expect(wrapper.get('[data-testid="waveform-player"]').attributes('data-state')).toBe('ready'))
    expect(audio.getAttribute('src')).toBe('blob:recording-1')
    expect(audio.currentTime).toBe(1.5)
    expect(audio.paused).toBe(false)
    expect(wrapper.get('[data-testid="waveform-toggle"]').attributes('aria-pressed')).toBe('true')
    expect(stub.calls).toHaveLength(1)
  })

  it('revokes the object URL when src changes and when it goes away', async () => {
    vi.stubGlobal('AudioContext', FakeAudioContext)
    const urls = stubObjectUrls()
    const other = '/api/v1/messages/9/audio'
    const stub = routeFetch({ [`GET ${audioPath}`]: recording, [`GET ${other}`]: recording })
    vi.stubGlobal('fetch', stub.fetchMock)
    const wrapper = mountPlayer()
    await vi.waitFor(() => expect(audioOf(wrapper).getAttribute('src')).toBe('blob:recording-1'))

    await wrapper.setProps({ src: other })
    expect(urls.revoke.mock.calls).toEqual([['blob:recording-1']])
    await vi.waitFor(() => expect(audioOf(wrapper).getAttribute('src')).toBe('blob:recording-2'))
    expect(stub.calls.map((call) => call.url.pathname)).toEqual([audioPath, other])

    wrapper.unmount()
    expect(urls.revoke.mock.calls).toEqual([['blob:recording-1'], ['blob:recording-2']])
  })

  it('moves the playhead with the audio and seeks by pointer and keys', async () => {
    vi.stubGlobal('AudioContext', FakeAudioContext)
    serveAudio()
    const wrapper = mountPlayer()
    await setDuration(wrapper, 8)
    const audio = audioOf(wrapper)
    const track = wrapper.get('[data-testid="waveform-track"]')

    audio.currentTime = 2
    audio.dispatchEvent(new Event('timeupdate'))
    await flushPromises()
    expect(track.attributes('aria-valuenow')).toBe('2')
    expect(track.attributes('aria-valuemax')).toBe('8')
    expect(track.attributes('aria-valuetext')).toBe('0:02 de 0:08')
    expect(wrapper.get('[data-testid="waveform-playhead"]').attributes('x1')).toBe('50')

    track.element.getBoundingClientRect = () => ({ left: 100, width: 400, top: 0, height: 80, right: 500, bottom: 80, x: 100, y: 0, toJSON: () => ({}) })
    await track.trigger('pointerdown', { clientX: 400, button: 0, pointerId: 1 })
    expect(audio.currentTime).toBe(6)
    await track.trigger('pointermove', { clientX: 200, pointerId: 1 })
    expect(audio.currentTime).toBe(2)
    await track.trigger('pointerup', { pointerId: 1 })
    await track.trigger('pointermove', { clientX: 500, pointerId: 1 })
    expect(audio.currentTime).toBe(2)

    await track.trigger('keydown', { key: 'ArrowRight' })
    expect(audio.currentTime).toBe(3)
    await track.trigger('keydown', { key: 'End' })
    expect(audio.currentTime).toBe(8)
    await track.trigger('keydown', { key: 'PageDown' })
    expect(audio.currentTime).toBe(0)
    expect(wrapper.get('[data-testid="waveform-time"]').text()).toBe('0:00 / 0:08')
  })

  it('plays and pauses from its button and from the slider', async () => {
    serveAudio()
    const wrapper = mountPlayer()
    const audio = audioOf(wrapper)
    const button = wrapper.get('[data-testid="waveform-toggle"]')
    expect(button.attributes('aria-label')).toBe('Reproducir “Oferta”')

    await button.trigger('click')
    await flushPromises()
    expect(audio.paused).toBe(false)
    expect(button.attributes('aria-label')).toBe('Pausar “Oferta”')
    expect(button.attributes('aria-pressed')).toBe('true')

    await wrapper.get('[data-testid="waveform-track"]').trigger('keydown', { key: ' ' })
    await flushPromises()
    expect(audio.paused).toBe(true)
    expect(button.attributes('aria-label')).toBe('Reproducir “Oferta”')
  })

  it('waits for the first play, downloads, then plays from the download', async () => {
    vi.stubGlobal('AudioContext', FakeAudioContext)
    stubObjectUrls()
    const stub = serveAudioLater()
    const wrapper = mountPlayer({ waveform: 'on-play', duration: 12.4 })
    const audio = audioOf(wrapper)
    await flushPromises()
    expect(stub.calls).toHaveLength(0)
    expect(audio.getAttribute('preload')).toBe('none')
    expect(wrapper.get('[data-testid="waveform-time"]').text()).toBe('0:00 / 0:12')

    const sources: string[] = []
    audio.addEventListener('play', () => sources.push(audio.getAttribute('src')!))
    await wrapper.get('[data-testid="waveform-toggle"]').trigger('click')
    await flushPromises()
    expect(stub.calls).toHaveLength(1)
    expect(audio.paused).toBe(true)

    stub.release()
    await vi.waitFor(() => expect(wrapper.get('[data-testid="waveform-player"]').attributes('data-state')).toBe('ready'))
    expect(sources).toEqual(['blob:recording-1'])
    expect(audio.paused).toBe(false)

    audio.pause()
    await wrapper.get('[data-testid="waveform-toggle"]').trigger('click')
    await flushPromises()
    expect(audio.paused).toBe(false)
    expect(stub.calls).toHaveLength(1)
  })

  it.each([
    ['the server refuses the download', () => serveAudio(404)],
    ['the network fails', () => vi.stubGlobal('fetch', () => Promise.reject(new TypeError('Failed to fetch')))],
  ])('streams src and stays playable when %s', async (_, serve) => {
    vi.stubGlobal('AudioContext', FakeAudioContext)
    const urls = stubObjectUrls()
    serve()
    const wrapper = mountPlayer()
    await vi.waitFor(() => expect(wrapper.get('[data-testid="waveform-player"]').attributes('data-state')).toBe('error'))
    expect(wrapper.get('[data-testid="waveform-failed"]').text()).toContain('No pudimos dibujar la forma de onda')
    expect(barHeights(wrapper).every((height) => height === 2)).toBe(true)
    expect(urls.create).not.toHaveBeenCalled()
    expect(audioOf(wrapper).getAttribute('src')).toBe(audioPath)
    expect(audioOf(wrapper).getAttribute('preload')).toBe('auto')
    await wrapper.get('[data-testid="waveform-toggle"]').trigger('click')
    await flushPromises()
    expect(audioOf(wrapper).paused).toBe(false)
  })

  it('streams src in on-play mode when the download fails', async () => {
    vi.stubGlobal('AudioContext', FakeAudioContext)
    serveAudio(404)
    const wrapper = mountPlayer({ waveform: 'on-play' })
    await wrapper.get('[data-testid="waveform-toggle"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.get('[data-testid="waveform-player"]').attributes('data-state')).toBe('error'))
    expect(audioOf(wrapper).getAttribute('src')).toBe(audioPath)
    expect(audioOf(wrapper).paused).toBe(false)
  })

  it('does not download anything where Web Audio is missing', async () => {
    const stub = serveAudio()
    const wrapper = mountPlayer()
    await flushPromises()
    expect(wrapper.get('[data-testid="waveform-player"]').attributes('data-state')).toBe('unsupported')
    expect(stub.calls).toHaveLength(0)
    expect(audioOf(wrapper).getAttribute('src')).toBe(audioPath)
    expect(audioOf(wrapper).getAttribute('preload')).toBe('auto')
  })
})
