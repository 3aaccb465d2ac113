import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { newVoice, type VoiceConfig } from '../../api/catalog'
import { jsonResponse, meAs, routeFetch } from '../../test-support/fixtures'
import { mountRoute } from '../../test-support/mount'

afterEach(() => {
  vi.unstubAllGlobals()
  vi.restoreAllMocks()
  document.body.innerHTML = ''
})

const camila: VoiceConfig = {
  ...newVoice(), id: 1, provider: 'local', provider_voice_id: 'es_CL-camila', name: 'Camila', gender: 'F', accent: 'Chileno', is_default: true, order: 1,
}
const tomas: VoiceConfig = {
  ...newVoice(), id: 2, provider: 'elevenlabs', provider_voice_id: 'xyz123', name: 'Tomás', gender: 'M', speed: 1.1, gain_db: -2, active: false, order: 2,
}

function serve(items: VoiceConfig[], extra: Parameters<typeof routeFetch>[0] = {}) {
  const stub = routeFetch({ 'GET /api/v1/voices': () => jsonResponse({ items }), ...extra })
  vi.stubGlobal('fetch', stub.fetchMock)
  return stub
}

async function open(role = 'admin') {
  const mounted = await mountRoute('/configuracion/voces', { me: meAs(role) })
  await flushPromises()
  return mounted
}

describe('VoicesPage', () => {
  it('lists voices with provider, settings and status', async () => {
    serve([tomas, camila])
    const { wrapper } = await open()
    expect(wrapper.findAll('tbody tr').map((row) => row.attributes('data-voice'))).toEqual(['Camila', 'Tomás'])
    const first = wrapper.get('[data-voice="Camila"]')
    expect(first.text()).toContain('Femenina · Chileno')
    expect(first.text()).toContain('Local (servidor)')
    expect(first.get('[data-testid="voice-default-badge"]').text()).toBe('Predeterminada')
    expect(wrapper.get('[data-voice="Tomás"]').text()).toContain('Velocidad 1,10 · Ganancia -2 dB')
    expect(wrapper.get('[data-voice="Tomás"] [data-testid="voice-status"]').text()).toBe('Inactiva')
  })

  it('is closed to an editor', async () => {
    serve([camila])
    const { wrapper } = await open('editor')
    expect(wrapper.find('[data-testid="voices-page"]').exists()).toBe(false)
  })

  it('shows empty and error states', async () => {
    serve([])
    expect((await open()).wrapper.get('[data-testid="empty-state"]').text()).toContain('Todavía no hay voces')
    document.body.innerHTML = ''
    vi.stubGlobal('fetch', routeFetch({ 'GET /api/v1/voices': () => jsonResponse({ error: { code: 'internal_error' } }, 500) }).fetchMock)
    expect((await open()).wrapper.get('[data-testid="load-failed"]').text()).toContain('No pudimos cargar las voces.')
  })

  it('creates a voice with every setting', async () => {
    const stub = serve([], { 'POST /api/v1/voices': (init) => jsonResponse({ id: 9, ...JSON.parse(String(init.body)) }, 201) })
    const { wrapper } = await open()
    await wrapper.get('[data-testid="voice-add"]').trigger('click')
    await wrapper.get('[data-testid="voice-name"]').setValue('Valentina')
    await wrapper.get('[data-testid="voice-provider"]').setValue('elevenlabs')
    await wrapper.get('[data-testid="voice-provider-id"]').setValue(' 21m00Tcm4 ')
    await wrapper.get('[data-testid="voice-gender"]').setValue('F')
    await wrapper.get('[data-testid="voice-stability"]').setValue('30')
    await wrapper.get('[data-testid="voice-speed"]').setValue('0.9')
    await wrapper.get('[data-testid="voice-gain"]').setValue('3')
    await wrapper.get('[data-testid="voice-lead"]').setValue('200')
    await wrapper.get('[data-testid="voice-boost"]').setValue(false)
    await wrapper.get('[data-testid="voice-form"]').trigger('submit')
    await flushPromises()

    expect(JSON.parse(String(stub.calls.find((c) => c.method === 'POST')!.init.body))).toEqual({
      ...newVoice(), name: 'Valentina', provider: 'elevenlabs', provider_voice_id: '21m00Tcm4', gender: 'F',
      stability: 30, speed: 0.9, gain_db: 3, lead_silence_ms: 200, speaker_boost: false,
    })
    expect(wrapper.get('[data-testid="voices-notice"]').text()).toBe('Agregamos la voz Valentina.')
    expect(wrapper.find('[data-voice="Valentina"]').exists()).toBe(true)
  })

  it('checks required fields and shows server field errors translated', async () => {
    const stub = serve([camila], {
      'PATCH /api/v1/voices/1': () =>
        jsonResponse({ error: { code: 'invalid_voice', message: 'x', details: { provider_voice_id: 'must have 1 to 120 characters', speed: 'must be from 0.7 to 1.2' } } }, 422),
    })
    const { wrapper } = await open()
    await wrapper.get('[data-voice="Camila"] [data-testid="voice-edit"]').trigger('click')
    await wrapper.get('[data-testid="voice-name"]').setValue('  ')
    await wrapper.get('[data-testid="voice-form"]').trigger('submit')
    await flushPromises()
    expect(stub.calls.some((c) => c.method === 'PATCH')).toBe(false)
    expect(wrapper.get('[data-testid="voice-form"]').text()).toContain('Escribe un nombre para la voz.')

    await wrapper.get('[data-testid="voice-name"]').setValue('Camila CL')
    await wrapper.get('[data-testid="voice-form"]').trigger('submit')
    await flushPromises()
    const form = wrapper.get('[data-testid="voice-form"]').text()
    expect(form).toContain('Usa de 1 a 120 caracteres.')
    expect(form).toContain('Elige una velocidad de 0,7 a 1,2.')
    expect(form).not.toContain('must')
  })

  it('plays a sample of the voice', async () => {
    const stub = serve([camila], {
      'POST /api/v1/voices/1/test': () => new Response(new Uint8Array([1, 2, 3]), { headers: { 'Content-Type': 'audio/wav' } }),
    })
    const createObjectURL = vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:sample-1')
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => {})
    const { wrapper } = await open()
    await wrapper.get('[data-testid="voice-sample-text"]').setValue('Hola a todos')
    await wrapper.get('[data-testid="voice-test"]').trigger('click')
    await flushPromises()

    const call = stub.calls.find((c) => c.url.pathname === '/api/v1/voices/1/test')!
    expect(JSON.parse(String(call.init.body))).toEqual({ text: 'Hola a todos' })
    expect((createObjectURL.mock.calls[0]![0] as Blob).size).toBe(3)
    expect(wrapper.get('[data-testid="voice-sample-audio"]').attributes('src')).toBe('blob:sample-1')
    expect(wrapper.get('[data-testid="voice-sample"]').text()).toContain('Muestra de Camila')
  })

  it('explains a failed sample', async () => {
    serve([camila], { 'POST /api/v1/voices/1/test': () => jsonResponse({ error: { code: 'tts_engine_missing', message: 'x' } }, 503) })
    const { wrapper } = await open()
    await wrapper.get('[data-testid="voice-test"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="voices-error"]').text()).toBe(
      'No pudimos probar la voz Camila: La voz elegida no está instalada en el servidor.',
    )
  })

  it('deletes a voice after confirmation', async () => {
    const stub = serve([camila, tomas], { 'DELETE /api/v1/voices/2': () => new Response(null, { status: 204 }) })
    const { wrapper } = await open()
    await wrapper.get('[data-voice="Tomás"] [data-testid="voice-delete"]').trigger('click')
    expect(wrapper.get('[data-testid="confirm-message"]').text()).toContain('La voz Tomás dejará de estar disponible')
    await wrapper.get('[data-testid="confirm-button"]').trigger('click')
    await flushPromises()
    expect(stub.calls.filter((c) => c.method === 'DELETE').map((c) => c.url.pathname)).toEqual(['/api/v1/voices/2'])
    expect(wrapper.find('[data-voice="Tomás"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="voices-notice"]').text()).toBe('Eliminamos la voz Tomás.')
  })
})
