import { describe, expect, it, vi } from 'vitest'

import { ApiError } from '../api/client'
import { meAs } from '../test-support/fixtures'
import { createSession } from './session'

describe('createSession', () => {
  it('loads who is signed in once, however many guards ask', async () => {
    const fetchMe = vi.fn().mockResolvedValue(meAs('editor'))
    const session = createSession({ api: { fetchMe } })

    await Promise.all([session.load(), session.load()])
    await session.load()

    expect(fetchMe).toHaveBeenCalledOnce()
    expect(session.state.status).toBe('signed-in')
    expect(session.state.me?.role).toBe('editor')
  })

  it('is signed out when the server says 401', async () => {
    const session = createSession({ api: { fetchMe: vi.fn().mockRejectedValue(new ApiError('unauthenticated', 401)) } })

    await session.load()

    expect(session.state).toMatchObject({ status: 'anonymous', me: null })
  })

  it.each([
    ['admin', 'branding:write', true],
    ['admin', 'platform:read', false],
    ['editor', 'branding:write', false],
    ['editor', 'messages:write', true],
    ['viewer', 'announcements:play', false],
    ['platform_admin', 'branding:write', true],
    ['platform_admin', 'platform:write', true],
  ])('says whether a %s holds %s: %s', (role, permission, expected) => {
    expect(createSession({ me: meAs(role) }).can(permission)).toBe(expected)
  })

  it('lets a platform admin through even if the server lists no permissions', () => {
    const session = createSession({ me: { ...meAs('platform_admin'), permissions: [] } })
    expect(session.can('platform:read')).toBe(true)
  })

  it('grants nothing to a visitor who is not signed in', () => {
    const session = createSession({ me: null })
    expect(session.can('messages:read')).toBe(false)
    expect(session.canAny(['users:read', 'audit:read'])).toBe(false)
  })

  it('asks for the permissions after signing in', async () => {
    const signIn = vi.fn().mockResolvedValue({ user: { id: 1, email: 'a@b.cl', name: 'A' }, role: 'admin' })
    const fetchMe = vi.fn().mockResolvedValue(meAs('admin'))
    const session = createSession({ me: null, api: { signIn, fetchMe } })

    await session.signIn('admin@mallbarrio.test', 'secret')

    expect(signIn).toHaveBeenCalledWith('admin@mallbarrio.test', 'secret')
    expect(session.can('users:write')).toBe(true)
  })

  it('forgets the user at sign-out even when the server cannot be reached', async () => {
    const signOut = vi.fn().mockRejectedValue(new ApiError('network_error', 0))
    const session = createSession({ me: meAs('admin'), api: { signOut } })

    await expect(session.signOut()).rejects.toBeInstanceOf(ApiError)

    expect(session.state).toMatchObject({ status: 'anonymous', me: null })
  })
})

describe('sendToSignInWhenExpired', () => {
  it('forgets the user and opens the sign-in page, keeping the page they were on', async () => {
    const { createTestRouter } = await import('../router')
    const { sendToSignInWhenExpired } = await import('./expiry')
    const { api } = await import('../api/client')
    const { routeFetch, jsonResponse } = await import('../test-support/fixtures')
    const expired = () => jsonResponse({ error: { code: 'unauthenticated', message: 'no' } }, 401)
    const { fetchMock } = routeFetch({ 'GET /api/v1/users': expired, 'POST /api/v1/auth/refresh': expired })
    vi.stubGlobal('fetch', fetchMock)

    const session = createSession({ me: meAs('admin') })
    const router = createTestRouter({ session })
    await router.push('/configuracion/usuarios')
    const stop = sendToSignInWhenExpired(session, router)

    await expect(api.get('/api/v1/users')).rejects.toMatchObject({ status: 401 })
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('sign-in'), { timeout: 10_000 })
    stop()

    expect(session.state.status).toBe('anonymous')
    expect(router.currentRoute.value.query).toEqual({ volver: '/configuracion/usuarios', expirada: '1' })
  })
})
