import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import type { SoundConfig } from '../../api/catalog'
import { jsonResponse, meAs, routeFetch } from '../../test-support/fixtures'
import { chooseFile, mountRoute } from '../../test-support/mount'
import { fakeXhr } from '../../test-support/xhr'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const sound = (id: number, kind: 'bed' | 'chime', name: string, extra: Partial<SoundConfig> = {}): SoundConfig => ({
  id, kind, name, artist: '', mood: 'calma', duration_seconds: 95, loudness_lufs: -18, is_default: false, order: id, active: true,
  audio_url: `/api/v1/sounds/${id}/audio`, ...extra,
})
const calma = sound(1, 'bed', 'Calma', { artist: 'Estudio Sur', is_default: true })
const ding = sound(2, 'chime', 'Ding', { duration_seconds: 2 })

function serve(beds: SoundConfig[], chimes: SoundConfig[], extra: Parameters<typeof routeFetch>[0] = {}) {
  const stub = routeFetch({
    'GET /api/v1/sounds': (_init, url) => jsonResponse({ items: url.searchParams.get('kind') === 'bed' ? beds : chimes }),
    ...extra,
  })
  vi.stubGlobal('fetch', stub.fetchMock)
  return stub
}

async function open() {
  const mounted = await mountRoute('/configuracion/sonidos', { me: meAs('admin') })
  await flushPromises()
  return mounted.wrapper
}

type Wrapper = Awaited<ReturnType<typeof open>>

async function upload(wrapper: Wrapper, kind: 'bed' | 'chime', name: string) {
  await wrapper.get(`[data-testid="sound-upload-${kind}"]`).trigger('click')
  await chooseFile(wrapper.get('[data-testid="sound-file"]'), new File(['ID3data'], 'mi_cortina.mp3', { type: 'audio/mpeg' }))
  await wrapper.get('[data-testid="sound-upload-name"]').setValue(name)
  await wrapper.get('[data-testid="sound-upload-mood"]').setValue('alegre')
  await wrapper.get('[data-testid="sound-upload-form"]').trigger('submit')
}

describe('SoundsPage', () => {
  it('lists beds and chimes separately', async () => {
    const stub = serve([calma], [ding])
    const wrapper = await open()
    expect(stub.calls.map((c) => c.url.searchParams.get('kind')).sort()).toEqual(['bed', 'chime'])
    const bed = wrapper.get('[data-testid="sounds-bed"] [data-sound="Calma"]')
    expect(bed.text()).toContain('Estudio Sur')
    expect(bed.text()).toContain('1:35')
    expect(bed.text()).toContain('Predeterminada')
    expect(wrapper.get('[data-testid="sounds-chime"]').text()).toContain('Ding')
    expect(wrapper.get('[data-testid="sounds-chime"]').text()).not.toContain('Calma')
  })

  it('shows an empty list and a failed list on their own', async () => {
    serve([], [], { 'GET /api/v1/sounds': (_i, url) => (url.searchParams.get('kind') === 'bed' ? jsonResponse({ items: [] }) : jsonResponse({ error: { code: 'internal_error' } }, 500)) })
    const wrapper = await open()
    expect(wrapper.get('[data-testid="sounds-bed"] [data-testid="empty-state"]').text()).toContain('Todavía no hay música de fondo')
    expect(wrapper.get('[data-testid="sounds-chime"] [data-testid="load-failed"]').text()).toContain('No pudimos cargar las cortinas.')
  })

  it('plays and stops a sound from its audio_url', async () => {
    const played: string[] = []
    const paused: string[] = []
    vi.stubGlobal('Audio', class {
      constructor(readonly src: string) {}
      play() { played.push(this.src); return Promise.resolve() }
      pause() { paused.push(this.src) }
      addEventListener() {}
    })
    serve([calma], [ding])
    const wrapper = await open()
    const button = () => wrapper.get('[data-sound="Ding"] [data-testid="sound-play"]')
    await button().trigger('click')
    expect(played).toEqual(['/api/v1/sounds/2/audio'])
    expect(button().attributes('aria-pressed')).toBe('true')
    await button().trigger('click')
    expect(paused).toEqual(['/api/v1/sounds/2/audio'])
    expect(button().attributes('aria-pressed')).toBe('false')
  })

  it('edits a sound', async () => {
    const stub = serve([calma], [ding], { 'PATCH /api/v1/sounds/2': (init) => jsonResponse({ ...ding, ...JSON.parse(String(init.body)) }) })
    const wrapper = await open()
    await wrapper.get('[data-sound="Ding"] [data-testid="sound-edit"]').trigger('click')
    await wrapper.get('[data-testid="sound-name"]').setValue('Ding dong')
    await wrapper.get('[data-testid="sound-artist"]').setValue('Ana')
    await wrapper.get('[data-testid="sound-active"]').setValue(false)
    await wrapper.get('[data-testid="sound-edit-form"]').trigger('submit')
    await flushPromises()
    expect(JSON.parse(String(stub.calls.find((c) => c.method === 'PATCH')!.init.body))).toEqual({
      name: 'Ding dong', artist: 'Ana', mood: 'calma', order: 2, is_default: false, active: false,
    })
    expect(wrapper.get('[data-sound="Ding dong"]').text()).toContain('Inactiva')
    expect(wrapper.get('[data-testid="sounds-notice"]').text()).toBe('Guardamos los cambios de Ding dong.')
  })

  it('uploads a chime with progress and adds it to its list', async () => {
    const xhr = fakeXhr([{ status: 201, body: sound(7, 'chime', 'Fanfarria', { mood: 'alegre' }), progress: [[10, 40], [40, 40]] }])
    vi.stubGlobal('XMLHttpRequest', xhr.FakeXMLHttpRequest)
    serve([calma], [ding])
    const wrapper = await open()
    await upload(wrapper, 'chime', 'Fanfarria')
    expect(wrapper.find('[data-testid="sound-upload-progress"]').exists()).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 5))
    await flushPromises()

    const body = xhr.sent[0]!.body
    expect([body.get('kind'), body.get('name'), body.get('mood')]).toEqual(['chime', 'Fanfarria', 'alegre'])
    expect(wrapper.find('[data-testid="sound-upload-form"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="sounds-chime"] [data-sound="Fanfarria"]').exists()).toBe(true)
    expect(wrapper.get('[data-testid="sounds-notice"]').text()).toBe('Agregamos Fanfarria.')
  })

  it.each([
    ['audio_unreadable', 422, 'No pudimos leer ese archivo de audio.'],
    ['audio_too_long', 422, 'El audio es demasiado largo.'],
    ['file_too_large', 413, 'El archivo es demasiado grande.'],
    ['payload_too_large', 413, 'El archivo o los datos enviados son demasiado grandes.'],
  ])('shows %s under the file field', async (code, status, text) => {
    vi.stubGlobal('XMLHttpRequest', fakeXhr([{ status, body: { error: { code, message: 'server text' } } }]).FakeXMLHttpRequest)
    serve([calma], [ding])
    const wrapper = await open()
    await upload(wrapper, 'bed', 'Ruido')
    await new Promise((resolve) => setTimeout(resolve, 5))
    await flushPromises()
    const form = wrapper.get('[data-testid="sound-upload-form"]')
    expect(form.get('[data-field-error]').text()).toBe(text)
    expect(form.text()).not.toContain('server text')
  })

  it('asks for a file before uploading', async () => {
    const xhr = fakeXhr([])
    vi.stubGlobal('XMLHttpRequest', xhr.FakeXMLHttpRequest)
    serve([], [])
    const wrapper = await open()
    await wrapper.get('[data-testid="sound-upload-bed"]').trigger('click')
    await wrapper.get('[data-testid="sound-upload-form"]').trigger('submit')
    expect(xhr.sent).toHaveLength(0)
    expect(wrapper.get('[data-testid="sound-upload-form"]').text()).toContain('Elige un archivo de audio.')
  })

  it('deletes a sound after confirmation', async () => {
    const stub = serve([calma], [ding], { 'DELETE /api/v1/sounds/1': () => new Response(null, { status: 204 }) })
    const wrapper = await open()
    await wrapper.get('[data-sound="Calma"] [data-testid="sound-delete"]').trigger('click')
    expect(wrapper.get('[data-testid="dialog"]').text()).toContain('¿Eliminar esta música?')
    await wrapper.get('[data-testid="confirm-button"]').trigger('click')
    await flushPromises()
    expect(stub.calls.some((c) => c.method === 'DELETE' && c.url.pathname === '/api/v1/sounds/1')).toBe(true)
    expect(wrapper.find('[data-sound="Calma"]').exists()).toBe(false)
  })
})
