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

function serveAudio(status = 200) {
  const stub = routeFetch({
    [`GET ${audioPath}`]: () =>
      status === 200 ? new Response(new Uint8Array([1, 2, 3, 4]), { headers: { 'Content-Type': 'audio/mpeg' } }) : jsonResponse({ error: { code: 'not_found', message: 'x' } }, status),
  })
  vi.stubGlobal('fetch', stub.fetchMock)
  return stub
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
  it('downloads, decodes and draws 200 bars of the recording', async () => {
    vi.stubGlobal('AudioContext', FakeAudioContext)
    const stub = serveAudio()
    const wrapper = mountPlayer()
    await vi.waitFor(() => expect(wrapper.get('[data-testid="waveform-player"]').attributes('data-state')).toBe('ready'))

    expect(stub.calls.map((call) => call.url.pathname)).toEqual([audioPath])
    expect(FakeAudioContext.contexts[0]!.decoded).toEqual([4])
    expect(FakeAudioContext.contexts[0]!.closed).toBe(true)
    expect(wrapper.get('[data-testid="waveform"]').attributes('data-bars')).toBe('200')
    const heights = barHeights(wrapper)
    expect(heights).toHaveLength(200)
    expect(heights[0]).toBe(100)
    expect(heights[199]).toBe(50)
    expect(audioOf(wrapper).getAttribute('src')).toBe(audioPath)
    expect(wrapper.get('[data-testid="waveform-time"]').text()).toBe('0:00 / 0:04')
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

  it('waits for the first play before downloading when asked to', async () => {
    vi.stubGlobal('AudioContext', FakeAudioContext)
    const stub = serveAudio()
    const wrapper = mountPlayer({ waveform: 'on-play', duration: 12.4 })
    await flushPromises()
    expect(stub.calls).toHaveLength(0)
    expect(audioOf(wrapper).getAttribute('preload')).toBe('none')
    expect(wrapper.get('[data-testid="waveform-time"]').text()).toBe('0:00 / 0:12')

    await wrapper.get('[data-testid="waveform-toggle"]').trigger('click')
    await vi.waitFor(() => expect(wrapper.get('[data-testid="waveform-player"]').attributes('data-state')).toBe('ready'))
    expect(stub.calls).toHaveLength(1)
  })

  it('stays playable when the waveform cannot be drawn', async () => {
    vi.stubGlobal('AudioContext', FakeAudioContext)
    serveAudio(404)
    const wrapper = mountPlayer()
    await vi.waitFor(() => expect(wrapper.get('[data-testid="waveform-player"]').attributes('data-state')).toBe('error'))
    expect(wrapper.get('[data-testid="waveform-failed"]').text()).toContain('No pudimos dibujar la forma de onda')
    expect(barHeights(wrapper).every((height) => height === 2)).toBe(true)
    await wrapper.get('[data-testid="waveform-toggle"]').trigger('click')
    expect(audioOf(wrapper).paused).toBe(false)
  })

  it('does not download anything where Web Audio is missing', async () => {
    const stub = serveAudio()
    const wrapper = mountPlayer()
    await flushPromises()
    expect(wrapper.get('[data-testid="waveform-player"]').attributes('data-state')).toBe('unsupported')
    expect(stub.calls).toHaveLength(0)
  })
})
