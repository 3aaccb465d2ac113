import { describe, expect, it, vi } from 'vitest'

import { demoTenant, jsonResponse } from '../test-support/fixtures'
import { ApiError, getJson, getReadiness, getTenantConfig, translateError } from './client'

describe('translateError', () => {
  it.each([
    ['tenant_not_found', 404, 'es-CL', 'Esta dirección no corresponde a ningún centro comercial de MediaFlow.'],
    ['tenant_not_found', 404, 'en', 'This address does not belong to any MediaFlow shopping mall.'],
    ['forbidden', 403, 'es-CL', 'No tienes permiso para realizar esta acción.'],
    ['forbidden', 403, 'en', 'You do not have permission to do this.'],
    ['network_error', 0, 'es-CL', 'No pudimos conectarnos con el servidor. Revisa tu conexión.'],
    ['network_error', 0, 'en-US', 'We could not reach the server. Please check your connection.'],
  ])('translates %s (HTTP %i) into %s', (code, status, locale, expected) => {
    expect(translateError(new ApiError(code, status), locale)).toBe(expected)
  })

  it.each([
    [401, 'Tu acceso expiró. Vuelve a ingresar con tu usuario y contraseña.'],
    [429, 'Demasiadas solicitudes. Espera un momento e inténtalo otra vez.'],
    [500, 'Ocurrió un error en el servidor. Inténtalo más tarde.'],
    [418, 'Ocurrió un error inesperado.'],
  ])('falls back to the HTTP status %i for an unknown code', (status, expected) => {
    expect(translateError(new ApiError('brand_new_code', status), 'es-CL')).toBe(expected)
  })

  it.each([
    'tenant_not_found', 'tenant_suspended', 'not_found', 'bad_request', 'request_failed',
    'method_not_allowed', 'payload_too_large', 'unsupported_media_type', 'rate_limited',
    'internal_error', 'unavailable', 'timeout', 'invalid_response',
  ])('has distinct Spanish and English texts for %s', (code) => {
    const spanish = translateError(new ApiError(code, 400), 'es-CL')
    const english = translateError(new ApiError(code, 400), 'en')
    const unknown = translateError(new ApiError('???', 418), 'es-CL')
    expect(spanish).not.toBe(english)
    expect(spanish).not.toBe(unknown)
  })

  it('gives a generic text for errors that did not come from the API', () => {
    expect(translateError(new TypeError('boom'), 'en')).toBe('An unexpected error occurred.')
  })

  it('never shows the server message, which is not translated', () => {
    const error = new ApiError('tenant_not_found', 404, 'no tenant is served at this address')
    expect(translateError(error, 'es-CL')).not.toContain('no tenant')
  })
})

describe('getJson', () => {
  it('returns the decoded body of a successful answer', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse({ status: 'ok' })))
    await expect(getJson('/healthz')).resolves.toEqual({ status: 'ok' })
  })

  it('turns the error envelope into an ApiError with code, message and details', async () => {
    const body = {
      error: { code: 'invalid_tenant', message: 'bad input', details: { slug: 'use lower case' } },
    }
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse(body, 422)))

    const error = await getJson('/api/v1/x').catch((err: unknown) => err)

    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({
      code: 'invalid_tenant',
      status: 422,
      message: 'bad input',
      details: { slug: 'use lower case' },
    })
  })

  it.each([
    ['an HTML error page', new Response('<h1>Bad gateway</h1>', { status: 502 }), 'internal_error'],
    ['an empty 503', new Response(null, { status: 503 }), 'unavailable'],
    ['a 200 that is not JSON', new Response('<html></html>', { status: 200 }), 'invalid_response'],
  ])('reports %s with a code of its own', async (_name, response, code) => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(response))
    await expect(getJson('/api/v1/x')).rejects.toMatchObject({ code })
  })

  it('reports a network failure as network_error', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')))
    await expect(getJson('/api/v1/x')).rejects.toMatchObject({ code: 'network_error', status: 0 })
  })
})

describe('getTenantConfig', () => {
  it('returns the parsed tenant', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse(demoTenant)))
    await expect(getTenantConfig()).resolves.toEqual(demoTenant)
  })
})

describe('getReadiness', () => {
  it('returns the checks of a ready server', async () => {
    const body = { status: 'ready', checks: { database: { status: 'ok' } } }
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse(body)))

    await expect(getReadiness()).resolves.toEqual(body)
  })

  it('treats a 503 with a readiness body as a result, not a failure', async () => {
    const body = {
      status: 'not_ready',
      checks: { database: { status: 'ok' }, redis: { status: 'error', error: 'refused' } },
    }
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse(body, 503)))

    await expect(getReadiness()).resolves.toEqual({
      status: 'not_ready',
      checks: { database: { status: 'ok' }, redis: { status: 'error' } },
    })
  })

  it('fails on a 500 without a readiness body', async () => {
    const body = { error: { code: 'internal_error', message: 'boom' } }
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse(body, 500)))

    await expect(getReadiness()).rejects.toMatchObject({ code: 'internal_error', status: 500 })
  })
})
