import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { jsonResponse, meAs, routeFetch } from '../../test-support/fixtures'
import { mountInShell } from '../../test-support/mount'
import MessageOnAirActions from './MessageOnAirActions.vue'

const mounted: { unmount: () => void }[] = []

afterEach(() => {
  mounted.splice(0).forEach((wrapper) => wrapper.unmount())
  vi.unstubAllGlobals()
  document.body.innerHTML = ''
})

const ready = { id: 12, status: 'ready', display_name: 'Cierre de tiendas', text: 'Estimados clientes…', deleted_at: null }

async function render(role: string, message: Record<string, unknown> = ready) {
  vi.stubGlobal('fetch', routeFetch({
    'GET /api/v1/players': () => jsonResponse({ players: [], offline_after_seconds: 60 }),
    'GET /api/v1/zones': () => jsonResponse({ zones: [] }),
  }).fetchMock)
  const { wrapper } = await mountInShell(MessageOnAirActions, { me: meAs(role), props: { message } })
  mounted.push(wrapper)
  return wrapper
}

const buttons = (wrapper: Awaited<ReturnType<typeof render>>) =>
  ['message-send', 'message-schedule'].filter((id) => wrapper.find(`[data-testid="${id}"]`).exists())

describe('MessageOnAirActions', () => {
  it.each([
    ['admin', ['message-send', 'message-schedule']],
    ['editor', ['message-send', 'message-schedule']],
    ['operator', ['message-send']],
    ['viewer', []],
  ])('offers a %s what their role allows', async (role, expected) => {
    expect(buttons(await render(role))).toEqual(expected)
  })

  it.each([
    ['still rendering', { ...ready, status: 'rendering' }],
    ['in the trash', { ...ready, deleted_at: '2026-12-01T10:00:00Z' }],
  ])('offers nothing for a message %s', async (_name, message) => {
    expect(buttons(await render('admin', message))).toEqual([])
  })

  it('opens the dialogs for the message', async () => {
    const wrapper = await render('editor')
    expect(wrapper.get('[data-testid="message-send"]').attributes('aria-label')).toBe('Enviar Cierre de tiendas a los parlantes')
    await wrapper.get('[data-testid="message-send"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="dialog"]').text()).toContain('Elige dónde suena «Cierre de tiendas»')
    await wrapper.get('[data-dialog-close]').trigger('click')
    await wrapper.get('[data-testid="message-schedule"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[role="dialog"]').text()).toContain('Programar «Cierre de tiendas»')
  })
})
