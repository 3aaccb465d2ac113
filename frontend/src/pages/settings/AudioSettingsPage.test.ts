import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { jsonResponse, meAs, routeFetch } from '../../test-support/fixtures'
import { mountRoute } from '../../test-support/mount'

afterEach(() => {
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const stored = {
  target_lufs: -16, true_peak_dbtp: -1, duck_depth_db: -18, bed_lead_in_ms: 1500, bed_tail_ms: 2000, keep_unsaved: 200,
  lexicon: { Hyundai: 'jiundái' },
}

function serve(extra: Parameters<typeof routeFetch>[0] = {}) {
  const stub = routeFetch({
    'GET /api/v1/settings/audio': () => jsonResponse(stored),
    'PUT /api/v1/settings/audio': (init) => jsonResponse(JSON.parse(String(init.body))),
    ...extra,
  })
  vi.stubGlobal('fetch', stub.fetchMock)
  return stub
}

async function open(locale: 'es-CL' | 'en' = 'es-CL') {
  const mounted = await mountRoute('/configuracion/audio', { me: meAs('admin'), locale })
  await flushPromises()
  return mounted.wrapper
}

type Wrapper = Awaited<ReturnType<typeof open>>
const input = (wrapper: Wrapper, testId: string) => wrapper.get(`[data-testid="${testId}"]`).element as HTMLInputElement

async function addWord(wrapper: Wrapper, written: string, spoken: string) {
  await wrapper.get('[data-testid="lexicon-add"]').trigger('click')
  const rows = wrapper.findAll('[data-testid="lexicon-row"]')
  const last = rows[rows.length - 1]!
  await last.get('[data-testid="lexicon-written"]').setValue(written)
  await last.get('[data-testid="lexicon-spoken"]').setValue(spoken)
}

describe('AudioSettingsPage', () => {
  it('shows the stored settings and lexicon', async () => {
    serve()
    const wrapper = await open()
    expect(wrapper.get('[data-testid="page-title"]').text()).toBe('Audio')
    expect(input(wrapper, 'audio-target_lufs').value).toBe('-16')
    expect(input(wrapper, 'audio-keep_unsaved').value).toBe('200')
    const row = wrapper.get('[data-written="Hyundai"]')
    expect((row.get('[data-testid="lexicon-spoken"]').element as HTMLInputElement).value).toBe('jiundái')
  })

  it('adds a word, saves everything and confirms', async () => {
    const stub = serve()
    const wrapper = await open()
    await addWord(wrapper, ' Falabella ', 'fala béya')
    await wrapper.get('[data-testid="audio-duck_depth_db"]').setValue('-20')
    await wrapper.get('[data-testid="audio-settings-form"]').trigger('submit')
    await flushPromises()

    const put = stub.calls.find((call) => call.method === 'PUT')!
    expect(JSON.parse(String(put.init.body))).toEqual({
      ...stored, duck_depth_db: -20, lexicon: { Hyundai: 'jiundái', Falabella: 'fala béya' },
    })
    expect(wrapper.get('[data-testid="audio-settings-notice"]').text()).toBe('Guardamos los ajustes de audio.')
    expect(wrapper.findAll('[data-testid="lexicon-row"]').map((row) => row.attributes('data-written'))).toEqual(['Falabella', 'Hyundai'])
  })

  it('removes a word and can discard changes', async () => {
    serve()
    const wrapper = await open()
    await wrapper.get('[data-written="Hyundai"] [data-testid="lexicon-remove"]').trigger('click')
    expect(wrapper.find('[data-testid="lexicon-empty"]').exists()).toBe(true)
    await wrapper.get('[data-testid="audio-settings-discard"]').trigger('click')
    expect(wrapper.find('[data-written="Hyundai"]').exists()).toBe(true)
    expect(wrapper.get('[data-testid="audio-settings-discard"]').attributes('disabled')).toBeDefined()
  })

  it('checks ranges and the lexicon before sending', async () => {
    const stub = serve()
    const wrapper = await open()
    await wrapper.get('[data-testid="audio-target_lufs"]').setValue('-5')
    await addWord(wrapper, 'hyundai', 'otra')
    await wrapper.get('[data-testid="audio-settings-form"]').trigger('submit')
    await flushPromises()

    expect(stub.calls.some((call) => call.method === 'PUT')).toBe(false)
    expect(wrapper.get('[data-testid="audio-settings-error"]').text()).toBe('Revisa los campos marcados.')
    expect(wrapper.text()).toContain('Usa un valor de −30 a −9 LUFS.')
    expect(wrapper.get('[data-testid="lexicon-row-error"]').text()).toBe('Esta palabra ya está en la lista.')
  })

  it("shows the server's field errors as translated hints", async () => {
    serve({
      'PUT /api/v1/settings/audio': () =>
        jsonResponse({ error: { code: 'invalid_settings', message: 'x', details: { true_peak_dbtp: 'must be from -9 to 0 dBTP', lexicon: 'bad' } } }, 422),
    })
    const wrapper = await open('en')
    await wrapper.get('[data-testid="audio-settings-form"]').trigger('submit')
    await flushPromises()

    expect(wrapper.text()).toContain('Use a value from −9 to 0 dBTP.')
    expect(wrapper.get('[data-testid="lexicon-error"]').text()).toBe('Each written word needs 1 to 100 characters and each pronunciation up to 200.')
    expect(wrapper.text()).not.toContain('must be from')
  })

  it('previews how a text will be spoken', async () => {
    const stub = serve({ 'POST /api/v1/speech/preview': () => jsonResponse({ spoken_text: 'oferta jiundái' }) })
    const wrapper = await open()
    await wrapper.get('[data-testid="speech-preview-text"]').setValue('Oferta Hyundai')
    await wrapper.get('[data-testid="speech-preview"] form').trigger('submit')
    await flushPromises()

    const calls = stub.calls.filter((c) => c.url.pathname === '/api/v1/speech/preview')
    expect(calls.map((c) => JSON.parse(String(c.init.body)))).toEqual([{ text: 'Oferta Hyundai' }])
    expect(wrapper.get('[data-testid="speech-preview-result"]').text()).toBe('oferta jiundái')
  })

  it('shows an error state and loads again on retry', async () => {
    let fail = true
    serve({ 'GET /api/v1/settings/audio': () => (fail ? jsonResponse({ error: { code: 'internal_error', message: 'x' } }, 500) : jsonResponse(stored)) })
    const wrapper = await open()
    expect(wrapper.get('[data-testid="load-failed"]').text()).toContain('No pudimos cargar los ajustes de audio.')
    fail = false
    await wrapper.get('[data-testid="load-failed"] button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-written="Hyundai"]').exists()).toBe(true)
  })
})
