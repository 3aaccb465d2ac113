import { afterEach, describe, expect, it, vi } from 'vitest'

import { jsonResponse, routeFetch } from '../test-support/fixtures'
import { fakeXhr } from '../test-support/xhr'
import {
  createCategory, createVoice, deleteSound, deleteVoice, getAudioSettings, listSoundConfigs, newVoice, saveAudioSettings,
  updateCategory, updateSound, updateVoice, uploadSound,
} from './catalog'

afterEach(() => {
  vi.unstubAllGlobals()
  document.cookie = 'mf_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT'
})

const settings = {
  target_lufs: -16, true_peak_dbtp: -1, duck_depth_db: -18, bed_lead_in_ms: 1500, bed_tail_ms: 2000, keep_unsaved: 200,
  lexicon: { Hyundai: 'jiundái' },
}

describe('catalog API', () => {
  it('creates, edits and deletes voices with the CSRF header', async () => {
    document.cookie = 'mf_csrf=tok-1'
    const stub = routeFetch({
      'POST /api/v1/voices': (init) => jsonResponse({ id: 4, ...JSON.parse(String(init.body)) }, 201),
      'PATCH /api/v1/voices/4': (init) => jsonResponse({ id: 4, ...newVoice(), ...JSON.parse(String(init.body)) }),
      'DELETE /api/v1/voices/4': () => new Response(null, { status: 204 }),
    })
    vi.stubGlobal('fetch', stub.fetchMock)

    const created = await createVoice({ ...newVoice(), name: 'Camila', provider_voice_id: 'es_CL-camila' })
    expect(created).toMatchObject({ id: 4, name: 'Camila', stability: 50, similarity: 75, speed: 1, active: true })
    expect(await updateVoice(4, { speed: 1.1 })).toMatchObject({ speed: 1.1 })
    expect(JSON.parse(String(stub.calls[1]!.init.body))).toEqual({ speed: 1.1 })
    await deleteVoice(4)
    expect(stub.calls.map((call) => `${call.method} ${call.url.pathname}`)).toEqual([
      'POST /api/v1/voices', 'PATCH /api/v1/voices/4', 'DELETE /api/v1/voices/4',
    ])
    expect((stub.calls[2]!.init.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok-1')
  })

  it('lists, edits and deletes sounds of one kind', async () => {
    const stub = routeFetch({
      'GET /api/v1/sounds': () => jsonResponse({ items: [{ id: 1, kind: 'chime', name: 'Ding' }] }),
      'PATCH /api/v1/sounds/1': (init) => jsonResponse({ id: 1, kind: 'chime', ...JSON.parse(String(init.body)) }),
      'DELETE /api/v1/sounds/1': () => new Response(null, { status: 204 }),
    })
    vi.stubGlobal('fetch', stub.fetchMock)
    expect((await listSoundConfigs('chime')).map((s) => s.name)).toEqual(['Ding'])
    expect(stub.calls[0]!.url.searchParams.get('kind')).toBe('chime')
    expect(await updateSound(1, { name: 'Ding dong', is_default: true })).toMatchObject({ name: 'Ding dong', is_default: true })
    await deleteSound(1)
    expect(stub.calls[2]!.method).toBe('DELETE')
  })

  it('sends whole categories', async () => {
    const stub = routeFetch({
      'POST /api/v1/categories': (init) => jsonResponse({ id: 2, ...JSON.parse(String(init.body)) }, 201),
      'PATCH /api/v1/categories/2': (init) => jsonResponse({ id: 2, ...JSON.parse(String(init.body)) }),
    })
    vi.stubGlobal('fetch', stub.fetchMock)
    const input = { name: 'Ofertas', icon: '🏷️', color: '#E91E63', order: 1 }
    expect(await createCategory(input)).toEqual({ id: 2, ...input })
    await updateCategory(2, { ...input, name: 'Promociones' })
    expect(JSON.parse(String(stub.calls[1]!.init.body))).toEqual({ ...input, name: 'Promociones' })
  })

  it('reads and saves the audio settings, with an empty lexicon when the server sends null', async () => {
    const stub = routeFetch({
      'GET /api/v1/settings/audio': () => jsonResponse({ ...settings, lexicon: null }),
      'PUT /api/v1/settings/audio': (init) => jsonResponse(JSON.parse(String(init.body))),
    })
    vi.stubGlobal('fetch', stub.fetchMock)
    expect(await getAudioSettings()).toEqual({ ...settings, lexicon: {} })
    expect(await saveAudioSettings(settings)).toEqual(settings)
    expect(JSON.parse(String(stub.calls[1]!.init.body))).toEqual(settings)
  })

  it('rejects audio settings without the numbers', async () => {
    vi.stubGlobal('fetch', routeFetch({ 'GET /api/v1/settings/audio': () => jsonResponse({ lexicon: {} }) }).fetchMock)
    await expect(getAudioSettings()).rejects.toMatchObject({ code: 'invalid_response' })
  })

  it('uploads a sound as multipart and reports progress', async () => {
    document.cookie = 'mf_csrf=tok-2'
    const xhr = fakeXhr([{ status: 201, body: { id: 8, kind: 'bed', name: 'Lluvia' }, progress: [[50, 200], [200, 200]] }])
    vi.stubGlobal('XMLHttpRequest', xhr.FakeXMLHttpRequest)
    const progress: number[] = []
    const file = new File(['RIFF'], 'lluvia.wav', { type: 'audio/wav' })

    const sound = await uploadSound({ file, kind: 'bed', name: 'Lluvia', artist: 'Ana', mood: 'calma' }, (sent, total) => progress.push(sent / total))

    expect(sound).toMatchObject({ id: 8, name: 'Lluvia' })
    expect(progress).toEqual([0.25, 1])
    const [request] = xhr.sent
    expect(request).toMatchObject({ method: 'POST', url: '/api/v1/sounds' })
    expect(request!.headers['X-CSRF-Token']).toBe('tok-2')
    expect(Object.fromEntries([...request!.body.entries()].filter(([key]) => key !== 'file'))).toEqual({
      kind: 'bed', name: 'Lluvia', artist: 'Ana', mood: 'calma',
    })
    expect((request!.body.get('file') as File).name).toBe('lluvia.wav')
  })

  it('turns a refused upload into an ApiError and refreshes an expired session once', async () => {
    const xhr = fakeXhr([
      { status: 401, body: { error: { code: 'unauthenticated', message: 'x' } } },
      { status: 422, body: { error: { code: 'audio_too_long', message: 'x', details: { file: 'too long' } } } },
      { status: 0, body: null },
    ])
    vi.stubGlobal('XMLHttpRequest', xhr.FakeXMLHttpRequest)
    const stub = routeFetch({ 'POST /api/v1/auth/refresh': () => jsonResponse({ csrf_token: 'new' }) })
    vi.stubGlobal('fetch', stub.fetchMock)
    const input = { file: new File(['x'], 'a.mp3'), kind: 'chime' as const, name: 'A', artist: '', mood: '' }

    await expect(uploadSound(input)).rejects.toMatchObject({ code: 'audio_too_long', status: 422, details: { file: 'too long' } })
    expect(stub.calls.map((call) => call.url.pathname)).toEqual(['/api/v1/auth/refresh'])
    expect(xhr.sent).toHaveLength(2)
    await expect(uploadSound(input)).rejects.toMatchObject({ code: 'network_error' })
  })
})
