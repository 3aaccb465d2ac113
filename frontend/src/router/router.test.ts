import { describe, expect, it } from 'vitest'

import { createTestRouter, navigationRoutes } from '.'

describe('router', () => {
  it('lists only the sections that declare a navigation entry', () => {
    const names = navigationRoutes(createTestRouter()).map((route) => route.name)
    expect(names).toEqual(['home'])
  })

  it.each([
    ['/', 'home'],
    ['/no-existe', 'not-found'],
    ['/estudio/123/editar', 'not-found'],
  ])('resolves %s to %s', (path, name) => {
    expect(createTestRouter().resolve(path).name).toBe(name)
  })
})
