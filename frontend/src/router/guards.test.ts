import { describe, expect, it } from 'vitest'

import { createSession } from '../session/session'
import { meAs } from '../test-support/fixtures'
import { createTestRouter } from '.'
import { safeReturnPath } from './guards'

async function visit(path: string, role: string | null, mode: 'tenant' | 'platform' = 'tenant') {
  const session = createSession({ me: role ? meAs(role) : null })
  const router = createTestRouter({ mode, session })
  await router.push(path)
  await router.isReady()
  return router.currentRoute.value
}

describe('route guards', () => {
  it('lets anybody see the home page', async () => {
    expect((await visit('/', null)).name).toBe('home')
  })

  it.each(['/configuracion/marca', '/configuracion/usuarios?x=1', '/configuracion/actividad'])(
    'sends a visitor from %s to the sign-in page, remembering where they were going',
    async (path) => {
      const route = await visit(path, null)
      expect(route.name).toBe('sign-in')
      expect(route.query.volver).toBe(path)
    },
  )

  it.each([
    ['/configuracion/marca', 'settings-branding'],
    ['/configuracion/usuarios', 'settings-users'],
    ['/configuracion/claves-api', 'settings-api-keys'],
    ['/configuracion/actividad', 'settings-audit'],
  ])('lets an admin open %s', async (path, name) => {
    expect((await visit(path, 'admin')).name).toBe(name)
  })

  it.each(['editor', 'operator', 'viewer'])('shows a %s the no-access page at the same address', async (role) => {
    const route = await visit('/configuracion/marca', role)
    expect(route.name).toBe('forbidden')
    expect(route.fullPath).toBe('/configuracion/marca')
  })

  it('opens the first settings page the user may see', async () => {
    expect((await visit('/configuracion', 'admin')).name).toBe('settings-branding')
  })

  it('sends a signed-in user away from the sign-in page, to where they were going', async () => {
    expect((await visit('/ingresar?volver=/configuracion/usuarios', 'admin')).fullPath).toBe('/configuracion/usuarios')
    expect((await visit('/ingresar', 'admin')).name).toBe('home')
  })

  it('never follows a return address to another site', async () => {
    expect((await visit('/ingresar?volver=//evil.example/x', 'admin')).name).toBe('home')
  })

  it.each([
    ['/configuracion/marca', true],
    ['/x?y=1#z', true],
    ['//evil.example', false],
    ['https://evil.example', false],
    ['/\\evil.example', false],
    [undefined, false],
  ])('accepts %s as a return path: %s', (value, ok) => {
    expect(safeReturnPath(value) !== null).toBe(ok)
  })

  describe('on the platform console', () => {
    it('asks a visitor to sign in first', async () => {
      expect((await visit('/', null, 'platform')).name).toBe('sign-in')
    })

    it('opens the console for a platform admin', async () => {
      expect((await visit('/', 'platform_admin', 'platform')).name).toBe('home')
      expect((await visit('/centros/nuevo', 'platform_admin', 'platform')).name).toBe('platform-new-tenant')
    })

    it('refuses a mall admin', async () => {
      expect((await visit('/', 'admin', 'platform')).name).toBe('forbidden')
    })
  })
})
