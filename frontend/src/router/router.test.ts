import { describe, expect, it } from 'vitest'

import { createSession } from '../session/session'
import { meAs } from '../test-support/fixtures'
import { createTestRouter, navigationRoutes, settingsRoutes } from '.'

describe('router', () => {
  it('lists the sections that declare a navigation entry, in order', () => {
    const paths = navigationRoutes(createTestRouter()).map((route) => route.path)
    expect(paths).toEqual(['/', '/estudio', '/biblioteca', '/programacion', '/reproducciones', '/configuracion'])
  })

  it.each([
    ['admin', ['/', '/estudio', '/biblioteca', '/programacion', '/reproducciones', '/configuracion']],
    ['editor', ['/', '/estudio', '/biblioteca', '/programacion', '/reproducciones', '/configuracion']],
    ['operator', ['/', '/biblioteca', '/programacion', '/reproducciones', '/configuracion']],
    ['viewer', ['/', '/biblioteca', '/programacion', '/reproducciones', '/configuracion']],
  ])('shows a %s only the sections their role opens', (role, expected) => {
    const session = createSession({ me: meAs(role) })
    expect(navigationRoutes(createTestRouter({ session }), session).map((route) => route.path)).toEqual(expected)
  })

  it('lists the settings pages an admin may open, in order', () => {
    const session = createSession({ me: meAs('admin') })
    const names = settingsRoutes(createTestRouter({ session }), session).map((route) => route.name)
    expect(names).toEqual([
      'settings-branding', 'settings-users', 'settings-api-keys', 'settings-audit',
      'settings-voices', 'settings-sounds', 'settings-categories', 'settings-audio',
      'settings-players', 'settings-azuracast',
    ])
  })

  it.each([
    ['/', 'home'],
    ['/ingresar', 'sign-in'],
    ['/configuracion/marca', 'settings-branding'],
    ['/configuracion/usuarios', 'settings-users'],
    ['/configuracion/claves-api', 'settings-api-keys'],
    ['/configuracion/actividad', 'settings-audit'],
    ['/configuracion/voces', 'settings-voices'],
    ['/configuracion/sonidos', 'settings-sounds'],
    ['/configuracion/categorias', 'settings-categories'],
    ['/configuracion/audio', 'settings-audio'],
    ['/configuracion/reproductores', 'settings-players'],
    ['/configuracion/azuracast', 'settings-azuracast'],
    ['/programacion', 'schedules'],
    ['/reproducciones', 'plays'],
    ['/no-existe', 'not-found'],
    ['/estudio/123/editar', 'not-found'],
  ])('resolves %s to %s', (path, name) => {
    expect(createTestRouter().resolve(path).name).toBe(name)
  })

  it.each([
    ['/', 'home'],
    ['/centros/nuevo', 'platform-new-tenant'],
    ['/centros/mallbarrio', 'platform-tenant'],
    ['/actividad', 'platform-audit'],
    ['/ingresar', 'sign-in'],
    ['/configuracion/marca', 'not-found'],
  ])('resolves %s to %s on the platform console', (path, name) => {
    expect(createTestRouter({ mode: 'platform' }).resolve(path).name).toBe(name)
  })
})
