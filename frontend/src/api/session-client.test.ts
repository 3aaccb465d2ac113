import { afterEach, describe, expect, it, vi } from 'vitest'

import { jsonResponse, routeFetch } from '../test-support/fixtures'
import { api, ApiError, csrfToken, onSessionExpired, parseRetryAfter, refreshSession, withQuery } from './client'

function clearCookies() {
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0]?.trim()
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`
  }
}

afterEach(clearCookies)

const expired = (code = 'unauthenticated') => jsonResponse({ error: { code, message: 'no' } }, 401)

function headersOf(init: RequestInit): Record<string, string> {
  return { ...(init.headers as Record<string, string>) }
}

describe('signed-in requests', () => {
  it('sends the session cookies and no CSRF header on a GET', async () => {
    document.cookie = 'mf_csrf=tok-1; path=/'
    const { fetchMock, calls } = routeFetch({ 'GET /api/v1/users': () => jsonResponse({ items: [] }) })
    vi.stubGlobal('fetch', fetchMock)

    await api.get('/api/v1/users')

    expect(calls[0]!.init.credentials).toBe('same-origin')
    expect(headersOf(calls[0]!.init)['X-CSRF-Token']).toBeUndefined()
  })

  it.each(['POST', 'PUT', 'PATCH', 'DELETE'])('adds the mf_csrf cookie as X-CSRF-Token on %s', async (method) => {
    document.cookie = 'other=1; path=/'
    document.cookie = 'mf_csrf=Zk9%2Babc; path=/'
    const { fetchMock, calls } = routeFetch({ [`${method} /api/v1/x`]: () => new Response(null, { status: 204 }) })
    vi.stubGlobal('fetch', fetchMock)

    await expect(api[method.toLowerCase() as 'post'](`/api/v1/x`)).resolves.toBeNull()

    expect(calls[0]!.init.method).toBe(method)
    expect(calls[0]!.init.credentials).toBe('same-origin')
    expect(headersOf(calls[0]!.init)['X-CSRF-Token']).toBe('Zk9+abc')
  })

  it('sends JSON bodies as JSON and form data as it is', async () => {
    const { fetchMock, calls } = routeFetch({
      'PATCH /api/v1/tenant/branding': () => jsonResponse({}),
      'PUT /api/v1/tenant/branding/logo': () => jsonResponse({}),
    })
    vi.stubGlobal('fetch', fetchMock)
    const form = new FormData()
    form.append('file', new Blob(['x']), 'a.png')

    await api.patch('/api/v1/tenant/branding', { name: 'Mall' })
    await api.put('/api/v1/tenant/branding/logo', form)

    expect(calls[0]!.init.body).toBe('{"name":"Mall"}')
    expect(headersOf(calls[0]!.init)['Content-Type']).toBe('application/json')
    expect(calls[1]!.init.body).toBe(form)
    expect(headersOf(calls[1]!.init)['Content-Type']).toBeUndefined()
  })

  it.each(['unauthenticated', 'token_invalid'])('refreshes once after a 401 %s and replays the request', async (code) => {
    let served = 0
    const { fetchMock, calls } = routeFetch({
      'PATCH /api/v1/tenant/branding': () => (++served === 1 ? expired(code) : jsonResponse({ name: 'Nuevo' })),
      'POST /api/v1/auth/refresh': () => {
        document.cookie = 'mf_csrf=after-refresh; path=/'
        return jsonResponse({ csrf_token: 'after-refresh' })
      },
    })
    vi.stubGlobal('fetch', fetchMock)
    document.cookie = 'mf_csrf=before; path=/'

    await expect(api.patch('/api/v1/tenant/branding', { name: 'Nuevo' })).resolves.toEqual({ name: 'Nuevo' })

    expect(calls.map((call) => `${call.method} ${call.url.pathname}`)).toEqual([
      'PATCH /api/v1/tenant/branding',
      'POST /api/v1/auth/refresh',
      'PATCH /api/v1/tenant/branding',
    ])
    // The replay carries the new CSRF token and the same body.
    expect(headersOf(calls[2]!.init)['X-CSRF-Token']).toBe('after-refresh')
    expect(calls[2]!.init.body).toBe('{"name":"Nuevo"}')
  })

  it('shares one refresh between requests that fail together', async () => {
    let refreshes = 0
    const seen = new Set<string>()
    const { fetchMock } = routeFetch({
      'GET /api/v1/users': () => (seen.has('users') ? jsonResponse({ items: [] }) : (seen.add('users'), expired())),
      'GET /api/v1/api-keys': () => (seen.has('keys') ? jsonResponse({ items: [] }) : (seen.add('keys'), expired())),
      'POST /api/v1/auth/refresh': async () => {
        refreshes++
        await new Promise((resolve) => setTimeout(resolve, 5))
        return jsonResponse({ csrf_token: 'x' })
      },
    })
    vi.stubGlobal('fetch', fetchMock)

    await Promise.all([api.get('/api/v1/users'), api.get('/api/v1/api-keys')])

    expect(refreshes).toBe(1)
  })

  it('reports an expired session when the refresh fails, and rejects', async () => {
    const { fetchMock, calls } = routeFetch({
      'GET /api/v1/audit': () => expired(),
      'POST /api/v1/auth/refresh': () => expired(),
    })
    vi.stubGlobal('fetch', fetchMock)
    const handler = vi.fn()
    const stop = onSessionExpired(handler)

    try {
      await expect(api.get('/api/v1/audit')).rejects.toMatchObject({ code: 'unauthenticated', status: 401 })
    } finally {
      stop()
    }

    expect(calls).toHaveLength(2)
    expect(handler).toHaveBeenCalledOnce()
    expect(handler.mock.calls[0]![0]).toBeInstanceOf(ApiError)
  })

  it('does not refresh after session_revoked, and reports it', async () => {
    const { fetchMock, calls } = routeFetch({ 'GET /api/v1/users': () => expired('session_revoked') })
    vi.stubGlobal('fetch', fetchMock)
    const handler = vi.fn()
    const stop = onSessionExpired(handler)

    await expect(api.get('/api/v1/users')).rejects.toMatchObject({ code: 'session_revoked' })
    stop()

    expect(calls.map((call) => call.url.pathname)).toEqual(['/api/v1/users'])
    expect(handler).toHaveBeenCalledOnce()
  })

  it('leaves the visitor where they are when asked to (the start-up "who am I")', async () => {
    const { fetchMock } = routeFetch({ 'GET /api/v1/auth/me': () => expired(), 'POST /api/v1/auth/refresh': () => expired() })
    vi.stubGlobal('fetch', fetchMock)
    const handler = vi.fn()
    const stop = onSessionExpired(handler)

    await expect(api.get('/api/v1/auth/me', { redirect: false })).rejects.toMatchObject({ status: 401 })
    stop()

    expect(handler).not.toHaveBeenCalled()
  })

  it('does not treat a failed sign-in as an expired session', async () => {
    const { fetchMock, calls } = routeFetch({
      'POST /api/v1/auth/login': () => jsonResponse({ error: { code: 'invalid_credentials', message: 'no' } }, 401),
    })
    vi.stubGlobal('fetch', fetchMock)
    const handler = vi.fn()
    const stop = onSessionExpired(handler)

    await expect(api.post('/api/v1/auth/login', { email: 'a', password: 'b' }, { refresh: false })).rejects.toMatchObject({
      code: 'invalid_credentials',
    })
    stop()

    expect(calls).toHaveLength(1)
    expect(handler).not.toHaveBeenCalled()
  })

  it('reads the wait of a 429 from Retry-After', async () => {
    const body = { error: { code: 'rate_limited', message: 'slow down' } }
    vi.stubGlobal(
      'fetch',
      vi.fn().mockResolvedValue(new Response(JSON.stringify(body), { status: 429, headers: { 'Retry-After': '120' } })),
    )

    await expect(api.post('/api/v1/auth/login', {}, { refresh: false })).rejects.toMatchObject({
      code: 'rate_limited',
      retryAfter: 120,
    })
  })
})

describe('csrfToken', () => {
  it('falls back to the token of the last refresh answer when the cookie cannot be read', async () => {
    vi.stubGlobal('fetch', vi.fn().mockResolvedValue(jsonResponse({ csrf_token: 'from-body' })))

    await expect(refreshSession()).resolves.toBe(true)

    expect(csrfToken()).toBe('from-body')
    document.cookie = 'mf_csrf=from-cookie; path=/'
    expect(csrfToken()).toBe('from-cookie')
  })
})

describe('parseRetryAfter', () => {
  it.each([
    ['30', 30],
    [' 5 ', 5],
    ['', null],
    ['soon', null],
  ])('reads %j as %j', (value, expected) => {
    expect(parseRetryAfter(value)).toBe(expected)
  })

  it('reads an HTTP date as the seconds until then', () => {
    const now = Date.parse('2026-12-03T18:00:00Z')
    expect(parseRetryAfter('Thu, 03 Dec 2026 18:01:30 GMT', now)).toBe(90)
  })
})

describe('withQuery', () => {
  it('adds only the parameters that have a value', () => {
    expect(withQuery('/api/v1/audit', { action: 'auth.login', actor: '', page: 2, to: undefined })).toBe(
      '/api/v1/audit?action=auth.login&page=2',
    )
    expect(withQuery('/api/v1/audit', {})).toBe('/api/v1/audit')
  })
})
