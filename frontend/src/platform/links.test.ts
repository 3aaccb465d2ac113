import { describe, expect, it } from 'vitest'

import { slugFromName, tenantUrl } from './links'

describe('platform links', () => {
  it.each([
    ['Mall Barrio Independencia', 'mall-barrio-independencia'],
    ['  Plaza Ñuñoa — Centro ', 'plaza-nunoa-centro'],
    ['Café & Compras!!', 'cafe-compras'],
  ])('suggests a slug for %j', (name, slug) => {
    expect(slugFromName(name)).toBe(slug)
  })

  it('keeps slugs within 40 characters without a trailing hyphen', () => {
    const slug = slugFromName('a'.repeat(39) + ' b')
    expect(slug.length).toBeLessThanOrEqual(40)
    expect(slug.endsWith('-')).toBe(false)
  })

  it('links to a mall on this page’s scheme and port', () => {
    expect(tenantUrl('nuevo.localhost', { protocol: 'http:', port: '8080' })).toBe('http://nuevo.localhost:8080/')
    expect(tenantUrl('mall.example.cl', { protocol: 'https:', port: '' })).toBe('https://mall.example.cl/')
  })
})
