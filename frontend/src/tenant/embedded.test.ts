import { afterEach, describe, expect, it, vi } from 'vitest'

import { ApiError } from '../api/client'
import { demoTenant, jsonResponse } from '../test-support/fixtures'
import { embeddedScriptId, loadTenantConfig, readEmbeddedTenant } from './embedded'

const otherTenant = { ...demoTenant, tenant_id: 'mallbarrio', tenant_name: 'Mall Barrio Independencia' }

function embed(text: string) {
  const script = document.createElement('script')
  script.id = embeddedScriptId
  script.type = 'application/json'
  script.textContent = text
  document.head.appendChild(script)
}

afterEach(() => {
  document.getElementById(embeddedScriptId)?.remove()
})

describe('readEmbeddedTenant', () => {
  it('reads the config the server embedded', () => {
    embed(JSON.stringify(demoTenant))
    expect(readEmbeddedTenant()).toEqual(demoTenant)
  })

  it.each([
    ['no script', null],
    ['an empty script', ''],
    ['invalid JSON', '{"tenant_id": "demo",'],
    ['JSON that is not a tenant', '{"tenant_id": "demo"}'],
  ])('returns null for %s', (_name, text) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    if (text !== null) embed(text)
    expect(readEmbeddedTenant()).toBeNull()
  })
})

describe('loadTenantConfig', () => {
  it('uses the embedded config without asking the API', async () => {
    embed(JSON.stringify(demoTenant))
    const fetchMock = vi.fn()
    vi.stubGlobal('fetch', fetchMock)

    const loaded = await loadTenantConfig()

    expect(loaded).toEqual({ config: demoTenant, source: 'embedded' })
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it.each([
    ['missing', null],
    ['invalid JSON', 'not json'],
  ])('fetches the API when the embedded config is %s', async (_name, text) => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    if (text !== null) embed(text)
    const fetchMock = vi.fn().mockResolvedValue(jsonResponse(otherTenant))
    vi.stubGlobal('fetch', fetchMock)

    const loaded = await loadTenantConfig()

    expect(loaded).toEqual({ config: otherTenant, source: 'api' })
    expect(fetchMock).toHaveBeenCalledOnce()
    expect(fetchMock.mock.calls[0]![0]).toBe('/api/v1/config/tenant')
  })

  it('fails with the server error instead of showing any default brand', async () => {
    const body = { error: { code: 'tenant_not_found', message: 'no tenant is served at this address' } }
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse(body, 404)))

    const failure = loadTenantConfig()

    await expect(failure).rejects.toBeInstanceOf(ApiError)
    await expect(failure).rejects.toMatchObject({ code: 'tenant_not_found', status: 404 })
  })

  it('fails when the API answers with something that is not a tenant', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse({ tenant_id: 'demo' })))

    await expect(loadTenantConfig()).rejects.toMatchObject({ code: 'invalid_response' })
  })
})
