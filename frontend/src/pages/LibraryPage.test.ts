import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { jsonResponse, meAs, routeFetch } from '../test-support/fixtures'
import { mountRoute } from '../test-support/mount'

afterEach(() => {
  document.body.innerHTML = ''
  vi.unstubAllGlobals()
})

const spot = {
  id: 4, status: 'ready', progress: 100, text: 'Hoy zapatillas en oferta', spoken_text: '', voice_id: 1, category_id: 1,
  duration_seconds: 12.4, loudness_lufs: -16, true_peak_dbtp: -3, audio_url: '/api/v1/messages/4/audio', saved: true,
  display_name: 'Zapatillas', created_at: '2026-12-03T18:00:00Z',
}

async function openLibrary(extra: Parameters<typeof routeFetch>[0] = {}, items: unknown[] = [spot]) {
  const stub = routeFetch({
    'GET /api/v1/messages': () => jsonResponse({ items, total: items.length, page: 1, per_page: 20 }),
    'GET /api/v1/categories': () => jsonResponse({ items: [{ id: 1, name: 'Promociones', icon: '', color: '#000000', order: 1 }] }),
    ...extra,
  })
  vi.stubGlobal('fetch', stub.fetchMock)
  const mounted = await mountRoute('/biblioteca', { me: meAs('editor') })
  await flushPromises()
  return { ...mounted, calls: stub.calls }
}

describe('LibraryPage', () => {
  it('lists saved spots with a player and a download link', async () => {
    const { wrapper, calls } = await openLibrary()
    const row = wrapper.get('[data-message="Zapatillas"]')
    expect(row.text()).toContain('Promociones')
    expect(row.text()).toContain('0:12')
    expect(row.get('[data-testid="library-player"]').attributes('src')).toBe('/api/v1/messages/4/audio')
    expect(row.get('[data-testid="library-download"]').attributes('href')).toBe('/api/v1/messages/4/download')
    expect(calls.find((c) => c.url.pathname === '/api/v1/messages')!.url.searchParams.get('view')).toBe('library')
  })

  it('searches after a pause and switches tabs', async () => {
    const { wrapper, calls } = await openLibrary()
    await wrapper.get('[data-testid="library-search"]').setValue('zapa')
    await vi.waitFor(() => expect(calls.some((c) => c.url.searchParams.get('q') === 'zapa')).toBe(true), { timeout: 2000 })
    await wrapper.get('[data-testid="library-tab-trash"]').trigger('click')
    await flushPromises()
    expect(calls.at(-1)!.url.searchParams.get('view')).toBe('trash')
  })

  it('moves the selection to the trash', async () => {
    const { wrapper, calls } = await openLibrary({ 'POST /api/v1/messages/batch': () => jsonResponse({ changed: 1 }) })
    await wrapper.get('[data-testid="library-select-all"]').trigger('change')
    await wrapper.get('[data-testid="library-delete"]').trigger('click')
    await flushPromises()
    const batch = calls.find((c) => c.method === 'POST')!
    expect(JSON.parse(String(batch.init.body))).toEqual({ action: 'delete', ids: [4] })
    expect(wrapper.text()).toContain('1 anuncio movido a la papelera.')
  })

  it('shows an empty state', async () => {
    const { wrapper } = await openLibrary({}, [])
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('Todavía no hay anuncios guardados')
  })
})
