import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { deferred, jsonResponse } from '../test-support/fixtures'
import { mountInShell } from '../test-support/mount'
import SystemStatusCard from './SystemStatusCard.vue'

afterEach(() => {
  document.body.innerHTML = ''
})

function rows(wrapper: Awaited<ReturnType<typeof mountInShell>>['wrapper']) {
  return wrapper.findAll('[data-check]').map((row) => [row.attributes('data-check'), row.text()])
}

describe('SystemStatusCard', () => {
  it('shows a loading state until /readyz answers', async () => {
    const pending = deferred<Response>()
    const fetchMock = vi.fn().mockReturnValue(pending.promise)
    vi.stubGlobal('fetch', fetchMock)

    const { wrapper } = await mountInShell(SystemStatusCard)

    const card = wrapper.get('[data-testid="system-status"]')
    expect(card.attributes('data-state')).toBe('loading')
    expect(card.attributes('aria-busy')).toBe('true')
    expect(card.text()).toContain('Verificando los servicios…')
    expect(fetchMock.mock.calls[0]![0]).toBe('/readyz')

    pending.resolve(jsonResponse({ status: 'ready', checks: {} }))
    await flushPromises()
    expect(card.attributes('data-state')).toBe('ok')
  })

  it.each([
    {
      name: 'all checks ok',
      status: 200,
      body: { status: 'ready', checks: { database: { status: 'ok' }, storage: { status: 'ok' } } },
      state: 'ok',
      summary: 'Todos los servicios funcionan correctamente.',
      expected: [
        ['database', 'Base de datos Operativo'],
        ['storage', 'Almacenamiento de audio Operativo'],
      ],
    },
    {
      name: 'a failing check',
      status: 503,
      body: {
        status: 'not_ready',
        checks: { database: { status: 'ok' }, redis: { status: 'error' }, speech_engine: { status: 'down' } },
      },
      state: 'failing',
      summary: 'Algunos servicios presentan problemas.',
      expected: [
        ['database', 'Base de datos Operativo'],
        ['redis', 'Caché y colas Con fallas'],
        ['speech_engine', 'Speech engine Con fallas'],
      ],
    },
  ])('shows $name with a translated label per check', async ({ status, body, state, summary, expected }) => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse(body, status)))

    const { wrapper } = await mountInShell(SystemStatusCard)

    expect(wrapper.get('[data-testid="system-status"]').attributes('data-state')).toBe(state)
    expect(wrapper.get('[data-testid="status-summary"]').text()).toBe(summary)
    expect(rows(wrapper)).toEqual(expected)
    expect(wrapper.text()).toMatch(/Última revisión: \d{1,2}:\d{2}/)
  })

  it('labels checks in English after switching language', async () => {
    const body = { status: 'ready', checks: { database: { status: 'ok' } } }
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse(body)))

    const { wrapper } = await mountInShell(SystemStatusCard, { locale: 'en' })

    expect(rows(wrapper)).toEqual([['database', 'Database Working']])
    expect(wrapper.get('[data-testid="status-summary"]').text()).toBe('All services are working.')
  })

  it('shows a translated request error and recovers on retry', async () => {
    const fetchMock = vi
      .fn()
      .mockRejectedValueOnce(new TypeError('Failed to fetch'))
      .mockResolvedValueOnce(jsonResponse({ status: 'ready', checks: { database: { status: 'ok' } } }))
    vi.stubGlobal('fetch', fetchMock)

    const { wrapper } = await mountInShell(SystemStatusCard)

    const card = wrapper.get('[data-testid="system-status"]')
    expect(card.attributes('data-state')).toBe('error')
    expect(wrapper.get('[data-testid="status-error"]').text()).toContain(
      'No pudimos conectarnos con el servidor. Revisa tu conexión.',
    )

    await wrapper.get('[data-testid="status-error"] button').trigger('click')
    await flushPromises()

    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(card.attributes('data-state')).toBe('ok')
    expect(rows(wrapper)).toEqual([['database', 'Base de datos Operativo']])
  })

  it('reports a server error envelope by its code', async () => {
    const body = { error: { code: 'internal_error', message: 'db exploded' } }
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse(body, 500)))

    const { wrapper } = await mountInShell(SystemStatusCard)

    const error = wrapper.get('[data-testid="status-error"]').text()
    expect(error).toContain('Ocurrió un error en el servidor. Inténtalo más tarde.')
    expect(error).not.toContain('db exploded')
  })
})
