import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import type { ApiKey } from '../../api/apiKeys'
import { jsonResponse, meAs, routeFetch } from '../../test-support/fixtures'
import { mountRoute } from '../../test-support/mount'

afterEach(() => {
  document.body.innerHTML = ''
})

const bot: ApiKey = {
  id: 4, name: 'Pantallas', role: 'operator', prefix: 'mfk_AbCd',
  created_at: '2026-11-20T10:00:00Z', last_used_at: null, revoked_at: null,
}
const old: ApiKey = { ...bot, id: 2, name: 'Antigua', revoked_at: '2026-11-25T10:00:00Z' }

async function openKeys(extra: Parameters<typeof routeFetch>[0] = {}, items = [old, bot]) {
  const stub = routeFetch({ 'GET /api/v1/api-keys': () => jsonResponse({ items }), ...extra })
  vi.stubGlobal('fetch', stub.fetchMock)
  const mounted = await mountRoute('/configuracion/claves-api', { me: meAs('admin') })
  await flushPromises()
  return { ...mounted, calls: stub.calls }
}

describe('ApiKeysPage', () => {
  it('lists active keys first, with prefix, role and status', async () => {
    const { wrapper } = await openKeys()

    const rows = wrapper.findAll('[data-api-key]')
    expect(rows.map((row) => row.attributes('data-api-key'))).toEqual(['Pantallas', 'Antigua'])
    expect(rows[0]!.text()).toContain('mfk_AbCd…')
    expect(rows[0]!.text()).toContain('Operador')
    expect(rows[0]!.text()).toContain('Activa')
    expect(rows[1]!.text()).toContain('Revocada')
    expect(rows[1]!.find('[data-testid="api-key-revoke"]').exists()).toBe(false)
  })

  it('shows an empty state that invites to create one', async () => {
    const { wrapper } = await openKeys({}, [])
    expect(wrapper.get('[data-testid="empty-state"]').text()).toContain('No hay claves de API')
  })

  it('creates a key and shows it only in the dialog, once', async () => {
    const created = { ...bot, id: 5, name: 'Kiosco', role: 'viewer' }
    const { wrapper, calls } = await openKeys({
      'POST /api/v1/api-keys': () => jsonResponse({ api_key: created, key: 'mfk_AbCdEf123456' }, 201),
    })

    await wrapper.get('[data-testid="api-key-open"]').trigger('click')
    await wrapper.get('[data-testid="api-key-name"]').setValue('Kiosco')
    await wrapper.get('[data-testid="api-key-role"]').setValue('viewer')
    await wrapper.get('[data-testid="api-key-form"]').trigger('submit')
    await flushPromises()

    expect(JSON.parse(String(calls.find((call) => call.method === 'POST')!.init.body))).toEqual({ name: 'Kiosco', role: 'viewer' })
    expect((wrapper.get('[data-testid="secret-value"]').element as HTMLInputElement).value).toBe('mfk_AbCdEf123456')
    await wrapper.get('[data-testid="api-key-close"]').trigger('click')

    expect(wrapper.text()).not.toContain('mfk_AbCdEf123456')
    expect(wrapper.find('[data-api-key="Kiosco"]').exists()).toBe(true)
  })

  it('needs a name', async () => {
    const { wrapper, calls } = await openKeys()

    await wrapper.get('[data-testid="api-key-open"]').trigger('click')
    await wrapper.get('[data-testid="api-key-form"]').trigger('submit')

    expect(wrapper.get('[data-testid="dialog"]').text()).toContain('Ponle un nombre a la clave.')
    expect(calls.filter((call) => call.method === 'POST')).toHaveLength(0)
  })

  it('revokes a key only after confirming', async () => {
    const { wrapper, calls } = await openKeys({ 'DELETE /api/v1/api-keys/4': () => new Response(null, { status: 204 }) })

    await wrapper.get('[data-api-key="Pantallas"] [data-testid="api-key-revoke"]').trigger('click')
    expect(wrapper.get('[data-testid="confirm-message"]').text()).toContain('“Pantallas” dejarán de funcionar')
    await wrapper.get('[data-testid="dialog"] button.btn-secondary').trigger('click')
    expect(calls.filter((call) => call.method === 'DELETE')).toHaveLength(0)

    await wrapper.get('[data-api-key="Pantallas"] [data-testid="api-key-revoke"]').trigger('click')
    await wrapper.get('[data-testid="confirm-button"]').trigger('click')
    await flushPromises()

    expect(calls.filter((call) => call.method === 'DELETE')).toHaveLength(1)
    expect(wrapper.get('[data-api-key="Pantallas"]').text()).toContain('Revocada')
  })

  it('shows why a revocation failed inside the confirmation', async () => {
    const { wrapper } = await openKeys({
      'DELETE /api/v1/api-keys/4': () => jsonResponse({ error: { code: 'api_key_not_found', message: 'x' } }, 404),
    })

    await wrapper.get('[data-testid="api-key-revoke"]').trigger('click')
    await wrapper.get('[data-testid="confirm-button"]').trigger('click')
    await flushPromises()

    expect(wrapper.get('[data-testid="dialog"]').text()).toContain('Esa clave de API ya no existe.')
  })
})
