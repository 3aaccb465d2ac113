import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'

import type { Member } from '../../api/users'
import { createSession } from '../../session/session'
import { jsonResponse, meAs, routeFetch } from '../../test-support/fixtures'
import { mountRoute } from '../../test-support/mount'

afterEach(() => {
  document.body.innerHTML = ''
})

const ana: Member = {
  id: 3, email: 'ana@mallbarrio.test', name: 'Ana Admin', role: 'admin', disabled: false,
  last_login_at: '2026-12-03T18:00:00Z', created_at: '2026-11-01T12:00:00Z',
}
const eva: Member = {
  id: 7, email: 'eva@mallbarrio.test', name: 'Eva Editora', role: 'editor', disabled: false,
  last_login_at: null, created_at: '2026-11-02T12:00:00Z',
}

const error = (status: number, code: string, details: Record<string, string> = {}) => () =>
  jsonResponse({ error: { code, message: 'server text', details } }, status)

function serve(extra: Parameters<typeof routeFetch>[0] = {}) {
  const stub = routeFetch({ 'GET /api/v1/users': () => jsonResponse({ items: [ana, eva] }), ...extra })
  vi.stubGlobal('fetch', stub.fetchMock)
  return stub
}

async function openUsers(role = 'admin') {
  const mounted = await mountRoute('/configuracion/usuarios', { me: meAs(role, { id: ana.id, email: ana.email, name: ana.name }) })
  await flushPromises()
  return mounted
}

type Wrapper = Awaited<ReturnType<typeof openUsers>>['wrapper']
const row = (wrapper: Wrapper, email: string) => wrapper.get(`[data-member="${email}"]`)

/** rowAction opens a member's "⋯" menu and chooses the item with the test id. */
async function rowAction(wrapper: Wrapper, email: string, testId: string) {
  await row(wrapper, email).get('[data-testid="row-actions"]').trigger('click')
  const menu = document.getElementById(row(wrapper, email).get('[data-testid="row-actions"]').attributes('aria-controls')!)!
  const item = menu.querySelector<HTMLButtonElement>(`[data-testid="${testId}"]`)!
  expect(menu.style.display).not.toBe('none')
  item.click()
  await flushPromises()
}

async function invite(wrapper: Wrapper, fields: { email: string; name: string; role?: string; password?: string }) {
  await wrapper.get('[data-testid="invite-open"]').trigger('click')
  await wrapper.get('[data-testid="invite-email"]').setValue(fields.email)
  await wrapper.get('[data-testid="invite-name"]').setValue(fields.name)
  if (fields.role) await wrapper.get('[data-testid="invite-role"]').setValue(fields.role)
  if (fields.password) await wrapper.get('[data-testid="invite-password"]').setValue(fields.password)
  await wrapper.get('[data-testid="invite-form"]').trigger('submit')
  await flushPromises()
}

describe('UsersPage', () => {
  it('lists members with name, email, role, status and last sign-in', async () => {
    serve()
    const { wrapper } = await openUsers()

    const first = row(wrapper, ana.email)
    expect(first.text()).toContain('Ana Admin')
    expect(first.text()).toContain('(tú)')
    expect((first.get('[data-testid="member-role"]').element as HTMLSelectElement).value).toBe('admin')
    expect(first.get('[data-testid="member-status"]').text()).toBe('Activo')
    expect(first.text()).toMatch(/03-12-2026/)
    expect(row(wrapper, eva.email).text()).toContain('Nunca')
  })

  it('shows an empty state and an error state', async () => {
    vi.stubGlobal('fetch', routeFetch({ 'GET /api/v1/users': () => jsonResponse({ items: [] }) }).fetchMock)
    expect((await openUsers()).wrapper.get('[data-testid="empty-state"]').text()).toContain('Todavía no hay usuarios')
    document.body.innerHTML = ''

    vi.stubGlobal('fetch', routeFetch({ 'GET /api/v1/users': error(500, 'internal_error') }).fetchMock)
    expect((await openUsers()).wrapper.get('[data-testid="load-failed"]').text()).toContain('No pudimos cargar los usuarios.')
  })

  it('adds a member and shows the temporary password once, with a copy button', async () => {
    const added: Member = { ...eva, id: 9, email: 'luis@mallbarrio.test', name: 'Luis', role: 'operator' }
    const { calls } = serve({ 'POST /api/v1/users': () => jsonResponse({ member: added, temporary_password: 'Tmp-9x!qW2' }, 201) })
    const writeText = vi.fn().mockResolvedValue(undefined)
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } })
    const { wrapper } = await openUsers()

    await invite(wrapper, { email: ' luis@mallbarrio.test ', name: 'Luis', role: 'operator' })

    expect(JSON.parse(String(calls.find((call) => call.method === 'POST')!.init.body))).toEqual({
      email: 'luis@mallbarrio.test', name: 'Luis', role: 'operator',
    })
    expect((wrapper.get('[data-testid="secret-value"]').element as HTMLInputElement).value).toBe('Tmp-9x!qW2')
    expect(wrapper.get('[data-testid="secret-once"]').text()).toContain('no la volveremos a mostrar')
    await wrapper.get('[data-testid="secret-copy"]').trigger('click')
    await flushPromises()
    expect(writeText).toHaveBeenCalledWith('Tmp-9x!qW2')
    expect(wrapper.get('[data-testid="secret-copy"]').text()).toBe('Copiada')

    await wrapper.get('[data-testid="invite-close"]').trigger('click')
    expect(wrapper.find('[data-testid="secret-value"]').exists()).toBe(false)
    expect(wrapper.find(`[data-member="luis@mallbarrio.test"]`).exists()).toBe(true)
  })

  it('says an existing account keeps its password', async () => {
    serve({ 'POST /api/v1/users': () => jsonResponse({ member: { ...eva, id: 11, email: 'old@other.test' } }, 201) })
    const { wrapper } = await openUsers()

    await invite(wrapper, { email: 'old@other.test', name: 'Old' })

    expect(wrapper.get('[data-testid="invite-existing"]').text()).toContain('conserva su contraseña')
    expect(wrapper.find('[data-testid="secret-value"]').exists()).toBe(false)
  })

  it.each([
    [409, 'member_exists', {}, 'email', 'Esa persona ya es miembro de este centro comercial.'],
    [422, 'weak_password', { password: 'use at least 10 characters' }, 'password', 'La contraseña es demasiado débil. Usa una más larga y difícil de adivinar.'],
    [422, 'invalid_user', { email: 'not an email' }, 'email', 'Ingresa un correo válido, como nombre@dominio.cl.'],
  ])('shows a %i %s under the %s field', async (status, code, details, field, message) => {
    serve({ 'POST /api/v1/users': error(status, code, details) })
    const { wrapper } = await openUsers()

    await invite(wrapper, { email: 'eva@mallbarrio.test', name: 'Eva', password: 'short' })

    const input = wrapper.get(`[data-testid="invite-${field}"]`)
    expect(input.attributes('aria-invalid')).toBe('true')
    const describedBy = input.attributes('aria-describedby')!.split(' ')[0]!
    expect(document.getElementById(describedBy)?.textContent).toBe(message)
  })

  it('changes a role and reports last_admin without changing the row', async () => {
    let attempts = 0
    const { calls } = serve({
      'PATCH /api/v1/users/7': () => jsonResponse({ ...eva, role: 'viewer' }),
      'PATCH /api/v1/users/3': () => (++attempts, error(422, 'last_admin')()),
    })
    const { wrapper } = await openUsers()

    await row(wrapper, eva.email).get('[data-testid="member-role"]').setValue('viewer')
    await flushPromises()
    expect(JSON.parse(String(calls.find((call) => call.url.pathname === '/api/v1/users/7')!.init.body))).toEqual({ role: 'viewer' })
    expect(wrapper.get('[data-testid="users-notice"]').text()).toBe('Ahora eva@mallbarrio.test es Lector.')

    await row(wrapper, ana.email).get('[data-testid="member-role"]').setValue('editor')
    await flushPromises()
    expect(attempts).toBe(1)
    expect(wrapper.get('[data-testid="users-action-error"]').text()).toBe(
      'No se pudo completar la acción para ana@mallbarrio.test: Debe quedar al menos un administrador activo.',
    )
    expect((row(wrapper, ana.email).get('[data-testid="member-role"]').element as HTMLSelectElement).value).toBe('admin')
  })

  it('asks before disabling a member, and enables without asking', async () => {
    const { calls } = serve({
      'PATCH /api/v1/users/7': (init) => jsonResponse({ ...eva, ...JSON.parse(String(init.body)) }),
    })
    const { wrapper } = await openUsers()

    await rowAction(wrapper, eva.email, 'member-toggle')
    expect(wrapper.get('[data-testid="confirm-message"]').text()).toContain('eva@mallbarrio.test no podrá ingresar')
    expect(calls.filter((call) => call.method === 'PATCH')).toHaveLength(0)
    await wrapper.get('[data-testid="confirm-button"]').trigger('click')
    await flushPromises()

    expect(row(wrapper, eva.email).get('[data-testid="member-status"]').text()).toBe('Desactivado')
    await rowAction(wrapper, eva.email, 'member-toggle')
    expect(row(wrapper, eva.email).get('[data-testid="member-status"]').text()).toBe('Activo')
    expect(calls.filter((call) => call.method === 'PATCH').map((call) => JSON.parse(String(call.init.body)))).toEqual([
      { disabled: true },
      { disabled: false },
    ])
  })

  it('keeps the confirmation open with the error when disabling the last admin fails', async () => {
    serve({ 'PATCH /api/v1/users/3': error(422, 'last_admin') })
    const { wrapper } = await openUsers()

    await rowAction(wrapper, ana.email, 'member-toggle')
    await wrapper.get('[data-testid="confirm-button"]').trigger('click')
    await flushPromises()

    expect(wrapper.get('[data-testid="dialog"]').text()).toContain('Debe quedar al menos un administrador activo.')
  })

  it('signs one user out after confirming', async () => {
    const { calls } = serve({ 'POST /api/v1/users/7/sign-out': () => new Response(null, { status: 204 }) })
    const { wrapper } = await openUsers()

    await rowAction(wrapper, eva.email, 'member-sign-out')
    await wrapper.get('[data-testid="confirm-button"]').trigger('click')
    await flushPromises()

    expect(calls.some((call) => call.method === 'POST' && call.url.pathname === '/api/v1/users/7/sign-out')).toBe(true)
    expect(wrapper.get('[data-testid="users-notice"]').text()).toBe('Se cerraron las sesiones de eva@mallbarrio.test.')
  })

  it('signs everyone out after confirming, then shows the sign-in page', async () => {
    const { calls } = serve({ 'POST /api/v1/tenant/sign-out-everyone': () => new Response(null, { status: 204 }) })
    const session = createSession({ me: meAs('admin') })
    const { wrapper, router } = await mountRoute('/configuracion/usuarios', { session })
    await flushPromises()

    await wrapper.get('[data-testid="sign-out-everyone"]').trigger('click')
    expect(wrapper.get('[data-testid="confirm-message"]').text()).toContain('incluida la tuya')
    await wrapper.get('[data-testid="confirm-button"]').trigger('click')
    await flushPromises()

    expect(calls.some((call) => call.url.pathname === '/api/v1/tenant/sign-out-everyone')).toBe(true)
    expect(session.state.status).toBe('anonymous')
    expect(router.currentRoute.value.name).toBe('sign-in')
  })

  it('is read-only for a role that may only read users', async () => {
    serve()
    const reader = { ...meAs('viewer'), permissions: ['users:read'] }
    const { wrapper } = await mountRoute('/configuracion/usuarios', { me: reader })
    await flushPromises()

    expect(wrapper.find('[data-testid="invite-open"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="member-role"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="row-actions"]').exists()).toBe(false)
    expect(document.querySelector('[data-testid="member-toggle"]')).toBeNull()
    expect(row(wrapper, eva.email).text()).toContain('Editor')
  })
})
