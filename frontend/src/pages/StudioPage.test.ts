import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { FakeEventSource } from '../test-support/eventSource'
import { jsonResponse, meAs, routeFetch } from '../test-support/fixtures'
import { mountRoute } from '../test-support/mount'

afterEach(() => {
  document.body.innerHTML = ''
  FakeEventSource.reset()
  vi.useRealTimers()
  vi.unstubAllGlobals()
})

const voices = [
  { id: 1, provider: 'local', name: 'Pico', is_default: false, active: true },
  { id: 2, provider: 'local', name: 'Clara', is_default: true, active: true },
]
const base = { text: 'Hola', spoken_text: 'Hola', voice_id: 2, duration_seconds: 0, loudness_lufs: 0, true_peak_dbtp: 0, saved: false, display_name: '', created_at: '2026-12-03T18:00:00Z' }

function catalogue(extra: Parameters<typeof routeFetch>[0] = {}) {
  return routeFetch({
    'GET /api/v1/voices': () => jsonResponse({ items: voices }),
    'GET /api/v1/sounds': (_init, url) => jsonResponse({ items: url.searchParams.get('kind') === 'bed' ? [{ id: 5, kind: 'bed', name: 'Calma', mood: '' }] : [] }),
    'GET /api/v1/categories': () => jsonResponse({ items: [{ id: 1, name: 'Promociones', icon: '', color: '#000000', order: 1 }] }),
    'POST /api/v1/speech/preview': () => jsonResponse({ spoken_text: 'doce mil pesos' }),
    ...extra,
  })
}

async function openStudio(stub: ReturnType<typeof routeFetch>) {
  vi.stubGlobal('fetch', stub.fetchMock)
  const mounted = await mountRoute('/estudio', { me: meAs('editor') })
  await flushPromises()
  return mounted
}

describe('StudioPage', () => {
  it('preselects the default voice, counts characters and shows the spoken preview', async () => {
    const stub = catalogue()
    const { wrapper } = await openStudio(stub)
    expect((wrapper.get('[data-testid="studio-voice"]').element as HTMLSelectElement).value).toBe('2')
    await wrapper.get('[data-testid="studio-text"]').setValue('$12.000')
    expect(wrapper.get('[data-testid="studio-count"]').text()).toBe('7 / 2000 caracteres')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="studio-spoken"]').exists()).toBe(true), { timeout: 2000 })
    expect(wrapper.get('[data-testid="studio-spoken"]').text()).toBe('doce mil pesos')
  })

  it('generates, follows the render and shows the player with its measures', async () => {
    let polls = 0
    const stub = catalogue({
      'POST /api/v1/messages': () => jsonResponse({ ...base, id: 8, status: 'queued', progress: 0 }, 202),
      'GET /api/v1/messages/8': () =>
        jsonResponse(
          ++polls < 2
            ? { ...base, id: 8, status: 'rendering', progress: 40 }
            : { ...base, id: 8, status: 'ready', progress: 100, duration_seconds: 9.8, loudness_lufs: -16.2, audio_url: '/api/v1/messages/8/audio' },
        ),
      'POST /api/v1/messages/8/save': () => jsonResponse({ ...base, id: 8, status: 'ready', saved: true, display_name: 'Oferta' }),
    })
    const { wrapper } = await openStudio(stub)
    await wrapper.get('[data-testid="studio-text"]').setValue('Hola')
    await wrapper.get('[data-testid="studio-music"]').setValue('5')
    await wrapper.get('[data-testid="studio-form"]').trigger('submit')
    await flushPromises()
    expect(JSON.parse(String(stub.calls.find((c) => c.method === 'POST' && c.url.pathname === '/api/v1/messages')!.init.body))).toEqual({
      text: 'Hola', voice_id: 2, music_id: 5,
    })
    expect(wrapper.find('[data-testid="studio-progress"]').exists()).toBe(true)

    await vi.waitFor(() => expect(wrapper.find('[data-testid="spot-player"]').exists()).toBe(true), { timeout: 4000 })
    expect(wrapper.get('[data-testid="spot-player"]').attributes('src')).toBe('/api/v1/messages/8/audio')
    expect(wrapper.get('[data-testid="spot-duration"]').text()).toBe('0:10')
    expect(wrapper.get('[data-testid="spot-loudness"]').text()).toBe('-16,2 LUFS')

    await wrapper.get('[data-testid="studio-save-name"]').setValue('Oferta')
    await wrapper.get('[data-testid="studio-save-category"]').setValue('1')
    await wrapper.get('[data-testid="studio-save-form"]').trigger('submit')
    await flushPromises()
    const save = stub.calls.find((c) => c.url.pathname === '/api/v1/messages/8/save')!
    expect(JSON.parse(String(save.init.body))).toEqual({ display_name: 'Oferta', category_id: 1 })
    expect(wrapper.get('[data-testid="studio-saved"]').text()).toContain('Guardado como “Oferta”')
  })

  it('shows field errors from the API and a translated render failure', async () => {
    let attempt = 0
    const stub = catalogue({
      'POST /api/v1/messages': () =>
        ++attempt === 1
          ? jsonResponse({ error: { code: 'invalid_message', message: 'x', details: { voice_id: 'no such voice' } } }, 422)
          : jsonResponse({ ...base, id: 9, status: 'queued', progress: 0 }, 202),
      'GET /api/v1/messages/9': () => jsonResponse({ ...base, id: 9, status: 'failed', progress: 0, error_code: 'tts_engine_missing', error_message: 'espeak missing' }),
    })
    const { wrapper } = await openStudio(stub)
    await wrapper.get('[data-testid="studio-text"]').setValue('Hola')
    await wrapper.get('[data-testid="studio-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="studio-form"]').text()).toContain('Elige una voz de la lista.')

    await wrapper.get('[data-testid="studio-form"]').trigger('submit')
    await vi.waitFor(() => expect(wrapper.find('[data-testid="studio-failed"]').exists()).toBe(true), { timeout: 4000 })
    expect(wrapper.get('[data-testid="studio-failed"]').text()).toContain('La voz elegida no está instalada en el servidor.')
    expect(wrapper.text()).not.toContain('espeak missing')
  })

  it('follows the render on the event stream without polling', async () => {
    vi.stubGlobal('EventSource', FakeEventSource)
    const stub = catalogue({
      'POST /api/v1/messages': () => jsonResponse({ ...base, id: 8, status: 'queued', progress: 0 }, 202),
      'GET /api/v1/messages/8': () =>
        jsonResponse({ ...base, id: 8, status: 'ready', progress: 100, duration_seconds: 9.8, audio_url: '/api/v1/messages/8/audio' }),
    })
    const { wrapper } = await openStudio(stub)
    const stream = FakeEventSource.last()
    expect(stream.url).toBe('/api/v1/messages/events')
    stream.open()

    await wrapper.get('[data-testid="studio-text"]').setValue('Hola')
    await wrapper.get('[data-testid="studio-form"]').trigger('submit')
    await flushPromises()
    stream.emit('progress', JSON.stringify({ id: 7, status: 'rendering', progress: 90 }))
    stream.emit('progress', JSON.stringify({ id: 8, status: 'rendering', progress: 40 }))
    await flushPromises()
    expect(wrapper.get('[data-testid="studio-progress"]').text()).toContain('Generando… 40 %')

    // Longer than the polling interval: nobody asks while the stream works.
    await new Promise((resolve) => setTimeout(resolve, 700))
    const reads = () => stub.calls.filter((c) => c.method === 'GET' && c.url.pathname === '/api/v1/messages/8').length
    expect(reads()).toBe(0)

    stream.emit('progress', JSON.stringify({ id: 8, status: 'ready', progress: 100 }))
    await vi.waitFor(() => expect(wrapper.find('[data-testid="spot-player"]').exists()).toBe(true))
    expect(reads()).toBe(1)
    expect(wrapper.get('[data-testid="spot-player"]').attributes('src')).toBe('/api/v1/messages/8/audio')
    expect(wrapper.find('[data-testid="waveform-player"]').exists()).toBe(true)

    wrapper.unmount()
    expect(stream.closed).toBe(true)
  })

  it('polls once the event stream keeps failing', async () => {
    vi.stubGlobal('EventSource', FakeEventSource)
    let polls = 0
    const stub = catalogue({
      'POST /api/v1/messages': () => jsonResponse({ ...base, id: 8, status: 'queued', progress: 0 }, 202),
      'GET /api/v1/messages/8': () =>
        jsonResponse(
          ++polls < 2
            ? { ...base, id: 8, status: 'rendering', progress: 40 }
            : { ...base, id: 8, status: 'ready', progress: 100, duration_seconds: 9.8, audio_url: '/api/v1/messages/8/audio' },
        ),
    })
    const { wrapper } = await openStudio(stub)
    await wrapper.get('[data-testid="studio-text"]').setValue('Hola')
    await wrapper.get('[data-testid="studio-form"]').trigger('submit')
    await flushPromises()
    expect(polls).toBe(0)

    const stream = FakeEventSource.last()
    stream.fail()
    stream.fail()
    stream.fail()
    expect(stream.closed).toBe(true)
    await vi.waitFor(() => expect(wrapper.find('[data-testid="spot-player"]').exists()).toBe(true), { timeout: 4000 })
    expect(polls).toBe(2)
  })
})
