import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { libraryLayoutKey } from '../components/library/look'
import { FakeEventSource } from '../test-support/eventSource'
import { jsonResponse, meAs, routeFetch } from '../test-support/fixtures'
import { mountRoute } from '../test-support/mount'

afterEach(() => {
  document.body.innerHTML = ''
  localStorage.clear()
  FakeEventSource.reset()
  vi.unstubAllGlobals()
  vi.useRealTimers()
})

const spot = {
  id: 4, status: 'ready', progress: 100, text: 'Hoy zapatillas en oferta', spoken_text: '', voice_id: 1, category_id: 1,
  duration_seconds: 12.4, loudness_lufs: -16, true_peak_dbtp: -3, audio_url: '/api/v1/messages/4/audio', saved: true,
  display_name: 'Zapatillas', created_at: '2026-12-03T18:00:00Z',
}

async function openLibrary(extra: Parameters<typeof routeFetch>[0] = {}, items: unknown[] = [spot]) {
  const stub = routeFetch({
    'GET /api/v1/messages': () => jsonResponse({ items, total: items.length, page: 1, per_page: 20 }),
    'GET /api/v1/categories': () => jsonResponse({ items: [{ id: 1, name: 'Promociones', icon: '🏷️', color: '#E91E63', order: 1 }] }),
    ...extra,
  })
  vi.stubGlobal('fetch', stub.fetchMock)
  const mounted = await mountRoute('/biblioteca', { me: meAs('editor') })
  await flushPromises()
  return { ...mounted, calls: stub.calls }
}

describe('LibraryPage', () => {
  it('shows saved spots as cards with category, duration, date, player and download', async () => {
    const { wrapper, calls } = await openLibrary()
    expect(wrapper.get('[data-testid="library-layout-grid"]').attributes('aria-pressed')).toBe('true')
    expect(wrapper.find('[data-testid="library-table"]').exists()).toBe(false)
    const card = wrapper.get('[data-testid="library-grid"] [data-message="Zapatillas"]')
    expect(card.get('h3').text()).toBe('Zapatillas')
    expect(card.get('[data-testid="library-card-badge"]').text()).toBe('🏷️')
    expect(card.get('[data-testid="library-card-badge"]').attributes('style')).toContain('color: #E91E63')
    expect(card.get('[data-testid="library-card-category"]').text()).toContain('Promociones')
    expect(card.text()).toContain('0:12')
    expect(card.get('time').attributes('datetime')).toBe('2026-12-03T18:00:00Z')
    expect(card.get('[data-testid="library-player"]').attributes('src')).toBe('/api/v1/messages/4/audio')
    expect(card.get('[data-testid="library-player"]').attributes('preload')).toBe('none')
    expect(card.get('[data-testid="waveform-toggle"]').attributes('aria-label')).toBe('Reproducir “Zapatillas”')
    expect(card.get('[data-testid="library-download"]').attributes('href')).toBe('/api/v1/messages/4/download')
    expect(calls.find((c) => c.url.pathname === '/api/v1/messages')!.url.searchParams.get('view')).toBe('library')
  })

  it('switches to the list, remembers it and selects from either view', async () => {
    const { wrapper } = await openLibrary()
    await wrapper.get('[data-testid="library-card-select"]').setValue(true)
    expect(wrapper.get('[data-testid="library-batch"]').text()).toContain('1 seleccionado')

    await wrapper.get('[data-testid="library-layout-list"]').trigger('click')
    expect(localStorage.getItem(libraryLayoutKey)).toBe('list')
    expect(wrapper.find('[data-testid="library-grid"]').exists()).toBe(false)
    const row = wrapper.get('[data-testid="library-table"] [data-message="Zapatillas"]')
    expect((row.get('input[type="checkbox"]').element as HTMLInputElement).checked).toBe(true)
    wrapper.unmount()

    const again = await openLibrary()
    expect(again.wrapper.get('[data-testid="library-layout-list"]').attributes('aria-pressed')).toBe('true')
    expect(again.wrapper.find('[data-testid="library-table"]').exists()).toBe(true)
  })

  it('lists saved spots with a player and a download link', async () => {
    localStorage.setItem(libraryLayoutKey, 'list')
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

  it('plays one spot at a time', async () => {
    const { wrapper } = await openLibrary({}, [spot, { ...spot, id: 5, display_name: 'Estacionamiento', audio_url: '/api/v1/messages/5/audio' }])
    const players = wrapper.findAll('[data-testid="library-player"]').map((player) => player.element as HTMLAudioElement)
    await players[0]!.play()
    await players[1]!.play()
    expect(players.map((player) => player.paused)).toEqual([true, false])
  })

  it('updates a render in progress from the event stream', async () => {
    vi.stubGlobal('EventSource', FakeEventSource)
    const queued = { ...spot, id: 6, status: 'queued', progress: 0, audio_url: undefined, display_name: 'Cierre', saved: false }
    const { wrapper, calls } = await openLibrary({
      'GET /api/v1/messages/6': () => jsonResponse({ ...queued, status: 'ready', progress: 100, audio_url: '/api/v1/messages/6/audio' }),
    }, [queued])
    const stream = FakeEventSource.last()
    const card = () => wrapper.get('[data-message="Cierre"]')
    expect(card().get('[data-testid="library-card-status"]').text()).toBe('En cola')

    stream.emit('progress', JSON.stringify({ id: 6, status: 'rendering', progress: 55 }))
    await flushPromises()
    expect(card().get('[data-testid="library-card-status"]').text()).toBe('Generando… 55 %')
    expect(card().get('[role="progressbar"]').attributes('aria-valuenow')).toBe('55')

    stream.emit('progress', JSON.stringify({ id: 6, status: 'ready', progress: 100 }))
    await vi.waitFor(() => expect(card().find('[data-testid="library-player"]').exists()).toBe(true))
    expect(card().get('[data-testid="library-player"]').attributes('src')).toBe('/api/v1/messages/6/audio')
    expect(calls.filter((c) => c.url.pathname === '/api/v1/messages/6')).toHaveLength(1)

    wrapper.unmount()
    expect(stream.closed).toBe(true)
  })

  it('polls the renders still in progress every 2 s once the event stream is given up', async () => {
    vi.stubGlobal('EventSource', FakeEventSource)
    const rendering = { ...spot, id: 6, status: 'rendering', progress: 40, audio_url: undefined, display_name: 'Cierre', saved: false }
    const answers = [
      { ...rendering, progress: 80 },
      { ...rendering, status: 'ready', progress: 100, audio_url: '/api/v1/messages/6/audio' },
    ]
    const { wrapper, calls } = await openLibrary({ 'GET /api/v1/messages/6': () => jsonResponse(answers.shift()) }, [spot, rendering])
    const reads = () => calls.filter((c) => c.url.pathname === '/api/v1/messages/6').length
    const card = () => wrapper.get('[data-message="Cierre"]')
    const stream = FakeEventSource.last()
    stream.open()
    expect(card().get('[data-testid="library-card-status"]').text()).toBe('Generando… 40 %')

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    stream.fail()
    stream.fail()
    stream.fail()
    expect(stream.closed).toBe(true)
    await vi.advanceTimersByTimeAsync(1999)
    expect(reads()).toBe(0)

    await vi.advanceTimersByTimeAsync(1)
    await flushPromises()
    expect(reads()).toBe(1)
    expect(card().get('[data-testid="library-card-status"]').text()).toBe('Generando… 80 %')

    await vi.advanceTimersByTimeAsync(2000)
    await flushPromises()
    expect(reads()).toBe(2)
    expect(card().get('[data-testid="library-player"]').attributes('src')).toBe('/api/v1/messages/6/audio')

    // Nothing is left unfinished, so nothing more is asked.
    await vi.advanceTimersByTimeAsync(10_000)
    expect(reads()).toBe(2)
    expect(calls.some((c) => c.url.pathname === '/api/v1/messages/4')).toBe(false)
  })

  it('stops polling when the page goes away', async () => {
    vi.stubGlobal('EventSource', FakeEventSource)
    const queued = { ...spot, id: 6, status: 'queued', progress: 0, audio_url: undefined, display_name: 'Cierre', saved: false }
    const { wrapper, calls } = await openLibrary({ 'GET /api/v1/messages/6': () => jsonResponse(queued) }, [queued])
    const reads = () => calls.filter((c) => c.url.pathname === '/api/v1/messages/6').length

    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    // The browser stops retrying each time; the page reopens twice, then gives up.
    for (let attempt = 0; attempt < 3; attempt++) {
      FakeEventSource.last().fail({ closed: true })
      await vi.advanceTimersByTimeAsync(2000)
    }
    expect(FakeEventSource.instances).toHaveLength(3)
    await flushPromises()
    expect(reads()).toBe(1)

    wrapper.unmount()
    await vi.advanceTimersByTimeAsync(10_000)
    expect(reads()).toBe(1)
  })
})
