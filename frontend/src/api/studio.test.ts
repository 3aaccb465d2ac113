import { afterEach, describe, expect, it, vi } from 'vitest'

import { jsonResponse, routeFetch } from '../test-support/fixtures'
import { batchMessages, createMessage, listMessages, listSounds, previewSpeech, testVoice, uploadMessage } from './studio'

afterEach(() => {
  vi.unstubAllGlobals()
})

describe('studio API', () => {
  it('asks for sounds of one kind', async () => {
    const stub = routeFetch({ 'GET /api/v1/sounds': () => jsonResponse({ items: [{ id: 1, kind: 'bed', name: 'Calma' }] }) })
    vi.stubGlobal('fetch', stub.fetchMock)
    expect((await listSounds('bed')).map((s) => s.name)).toEqual(['Calma'])
    expect(stub.calls[0]!.url.searchParams.get('kind')).toBe('bed')
  })

  it('reads the spoken preview and creates a message', async () => {
    const stub = routeFetch({
      'POST /api/v1/speech/preview': () => jsonResponse({ spoken_text: 'doce mil pesos' }),
      'POST /api/v1/messages': () => jsonResponse({ id: 7, status: 'queued', progress: 0 }, 202),
    })
    vi.stubGlobal('fetch', stub.fetchMock)
    expect(await previewSpeech('$12.000')).toBe('doce mil pesos')
    const created = await createMessage({ text: 'Hola', voice_id: 2, music_id: 1 })
    expect(created.status).toBe('queued')
    expect(JSON.parse(String(stub.calls[1]!.init.body))).toEqual({ text: 'Hola', voice_id: 2, music_id: 1 })
  })

  it('sends the library query and fills a missing per_page', async () => {
    const stub = routeFetch({ 'GET /api/v1/messages': () => jsonResponse({ items: [], total: 0, page: 1, per_page: 0 }) })
    vi.stubGlobal('fetch', stub.fetchMock)
    const page = await listMessages({ view: 'trash', q: 'oferta', category_id: 'none', sort: 'name', order: 'asc', page: 2, per_page: 20 })
    const params = stub.calls[0]!.url.searchParams
    expect(Object.fromEntries(params)).toEqual({ view: 'trash', q: 'oferta', category_id: 'none', sort: 'name', order: 'asc', page: '2', per_page: '20' })
    expect(page.per_page).toBe(20)
  })

  it('runs batch actions and uploads as multipart', async () => {
    const stub = routeFetch({
      'POST /api/v1/messages/batch': () => jsonResponse({ changed: 2 }),
      'POST /api/v1/messages/upload': () => jsonResponse({ id: 9, status: 'ready' }, 201),
    })
    vi.stubGlobal('fetch', stub.fetchMock)
    expect(await batchMessages('categorise', [1, 2], 3)).toBe(2)
    expect(JSON.parse(String(stub.calls[0]!.init.body))).toEqual({ action: 'categorise', ids: [1, 2], category_id: 3 })
    await uploadMessage(new File(['x'], 'aviso.mp3', { type: 'audio/mpeg' }), 'Aviso', 1)
    const form = stub.calls[1]!.init.body as FormData
    expect(form.get('display_name')).toBe('Aviso')
    expect(form.get('category_id')).toBe('1')
    expect((form.get('file') as File).name).toBe('aviso.mp3')
  })

  it('returns a voice sample as audio and turns errors into ApiError', async () => {
    const stub = routeFetch({
      'POST /api/v1/voices/1/test': () => new Response(new Uint8Array([82, 73, 70, 70]), { headers: { 'Content-Type': 'audio/wav' } }),
      'POST /api/v1/voices/2/test': () => jsonResponse({ error: { code: 'voice_not_found', message: 'x' } }, 404),
    })
    vi.stubGlobal('fetch', stub.fetchMock)
    const blob = await testVoice(1, 'Hola')
    expect(blob.size).toBe(4)
    await expect(testVoice(2, 'Hola')).rejects.toMatchObject({ code: 'voice_not_found', status: 404 })
  })
})
