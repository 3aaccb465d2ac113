import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import { createSession } from '../session/session'
import { demoTenant, jsonResponse, meAs, platformConfig, routeFetch } from '../test-support/fixtures'
import { mountRoute } from '../test-support/mount'

afterEach(() => {
  document.body.innerHTML = ''
  vi.useRealTimers()
})

const mallBarrio = { ...demoTenant, tenant_id: 'mallbarrio', tenant_name: 'Mall Barrio Independencia', tenant_primary_color: '#E91E63' }

function failure(status: number, code: string, headers: Record<string, string> = {}) {
  return () =>
    new Response(JSON.stringify({ error: { code, message: 'server text' } }), {
      status,
      headers: { 'Content-Type': 'application/json', ...headers },
    })
}

async function submit(wrapper: Awaited<ReturnType<typeof mountRoute>>['wrapper'], email = 'admin@mallbarrio.test', password = 'secret-password') {
  await wrapper.get('#sign-in-email').setValue(email)
  await wrapper.get('#sign-in-password').setValue(password)
  await wrapper.get('[data-testid="sign-in-form"]').trigger('submit')
  await flushPromises()
}

describe('SignInPage', () => {
  it('shows the mall’s name and logo in the brand colour, without the app shell', async () => {
    const { wrapper } = await mountRoute('/ingresar', { tenant: mallBarrio })

    expect(wrapper.get('[data-testid="tenant-name"]').text()).toBe('Mall Barrio Independencia')
    expect(wrapper.get('[data-testid="sign-in-brand"]').classes()).toContain('bg-brand')
    expect(wrapper.get('[data-testid="tenant-logo"]').attributes('src')).toBe('/branding/logo')
    expect(wrapper.get('[data-testid="sign-in-submit"]').classes()).toContain('btn-primary')
    expect(wrapper.text()).toContain('Usa el correo y la contraseña de tu cuenta en Mall Barrio Independencia.')
  })

  it('asks for the email and password before calling the server', async () => {
    const { fetchMock, calls } = routeFetch({})
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper } = await mountRoute('/ingresar')

    await wrapper.get('[data-testid="sign-in-form"]').trigger('submit')

    expect(wrapper.text()).toContain('Ingresa tu correo.')
    expect(wrapper.text()).toContain('Ingresa tu contraseña.')
    expect(wrapper.get('#sign-in-email').attributes('aria-invalid')).toBe('true')
    expect(calls).toHaveLength(0)
  })

  it('signs in and goes back to the page that asked for it', async () => {
    const { fetchMock, calls } = routeFetch({
      'POST /api/v1/auth/login': () => jsonResponse({ user: { id: 3, email: 'admin@mallbarrio.test', name: 'Ana' }, role: 'admin', csrf_token: 'c' }),
      'GET /api/v1/auth/me': () => jsonResponse(meAs('admin')),
      'GET /api/v1/tenant/branding': () => jsonResponse({}),
    })
    vi.stubGlobal('fetch', fetchMock)
    const session = createSession({ me: null })
    const { wrapper, router } = await mountRoute('/ingresar?volver=/configuracion/usuarios', { session })

    await submit(wrapper)
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/configuracion/usuarios'), { timeout: 10_000 })

    expect(JSON.parse(String(calls[0]!.init.body))).toEqual({ email: 'admin@mallbarrio.test', password: 'secret-password' })
    expect(session.state.me?.role).toBe('admin')
  })

  it.each([
    [401, 'invalid_credentials', 'El correo o la contraseña no son correctos. Revísalos e inténtalo de nuevo.'],
    [403, 'tenant_suspended', 'El servicio de este centro comercial está suspendido. Comunícate con MediaFlow para reactivarlo.'],
    [403, 'account_disabled', 'Tu cuenta está desactivada. Pide a un administrador de tu centro comercial que la vuelva a activar.'],
    [500, 'internal_error', 'Ocurrió un error en el servidor. Inténtalo más tarde.'],
  ])('explains a %i %s', async (status, code, message) => {
    const { fetchMock } = routeFetch({ 'POST /api/v1/auth/login': failure(status, code) })
    vi.stubGlobal('fetch', fetchMock)
    const { wrapper, router } = await mountRoute('/ingresar')

    await submit(wrapper)

    expect(wrapper.get('[data-testid="sign-in-error"]').text()).toBe(message)
    expect(router.currentRoute.value.name).toBe('sign-in')
  })

  it('clears the password after wrong credentials', async () => {
    vi.stubGlobal('fetch', routeFetch({ 'POST /api/v1/auth/login': failure(401, 'invalid_credentials') }).fetchMock)
    const { wrapper } = await mountRoute('/ingresar')

    await submit(wrapper)

    expect((wrapper.get('#sign-in-password').element as HTMLInputElement).value).toBe('')
    expect((wrapper.get('#sign-in-email').element as HTMLInputElement).value).toBe('admin@mallbarrio.test')
  })

  it('counts down the wait of a 429 and blocks the button until it is over', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    vi.stubGlobal('fetch', routeFetch({ 'POST /api/v1/auth/login': failure(429, 'rate_limited', { 'Retry-After': '65' }) }).fetchMock)
    const { wrapper } = await mountRoute('/ingresar')

    await submit(wrapper)

    const error = () => wrapper.get('[data-testid="sign-in-error"]').text()
    expect(error()).toBe('Hubo demasiados intentos fallidos. Podrás volver a intentarlo en 1 min 5 s.')
    expect(wrapper.get('[data-testid="sign-in-submit"]').attributes('disabled')).toBeDefined()

    await vi.advanceTimersByTimeAsync(20_000)
    expect(error()).toBe('Hubo demasiados intentos fallidos. Podrás volver a intentarlo en 45 segundos.')

    await vi.advanceTimersByTimeAsync(46_000)
    expect(error()).toBe('Ya puedes volver a intentarlo.')
    expect(wrapper.get('[data-testid="sign-in-submit"]').attributes('disabled')).toBeUndefined()
  })

  it('says the session ended when it was sent here by an expired session', async () => {
    const { wrapper } = await mountRoute('/ingresar?volver=/configuracion/marca&expirada=1')
    expect(wrapper.get('[data-testid="session-expired"]').text()).toContain('Tu sesión terminó')
  })

  it('introduces the platform console on the platform host', async () => {
    const { wrapper } = await mountRoute('/ingresar', { tenant: platformConfig })
    expect(wrapper.get('[data-testid="tenant-name"]').text()).toBe('MediaFlow')
    expect(wrapper.text()).toContain('Consola de la plataforma')
    expect(wrapper.text()).toContain('Acceso para el equipo de operaciones de MediaFlow.')
  })

  it('speaks English when asked to', async () => {
    vi.stubGlobal('fetch', routeFetch({ 'POST /api/v1/auth/login': failure(401, 'invalid_credentials') }).fetchMock)
    const { wrapper } = await mountRoute('/ingresar', { locale: 'en' })

    await submit(wrapper)

    expect(wrapper.get('h1').text()).toBe('Sign in to your account')
    expect(wrapper.get('[data-testid="sign-in-error"]').text()).toBe('The email or password is not correct. Please check them and try again.')
  })
})
