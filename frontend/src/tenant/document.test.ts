import { afterEach, describe, expect, it } from 'vitest'

import { demoTenant } from '../test-support/fixtures'
import { brandDocument } from './document'

const brandVariables = ['--mf-primary', '--mf-secondary', '--mf-on-primary', '--mf-on-secondary']

afterEach(() => {
  const root = document.documentElement
  brandVariables.forEach((name) => root.style.removeProperty(name))
  root.dataset.theme = 'light'
  document.title = ''
  document.querySelectorAll('link[rel="icon"]').forEach((link) => link.remove())
})

describe('brandDocument', () => {
  it('brands a page the server did not brand', () => {
    brandDocument({ ...demoTenant, theme: 'dark' })

    const style = document.documentElement.style
    expect(style.getPropertyValue('--mf-primary')).toBe('#4F46E5')
    expect(style.getPropertyValue('--mf-secondary')).toBe('#7C3AED')
    expect(style.getPropertyValue('--mf-on-primary')).toBe('#FFFFFF')
    expect(style.getPropertyValue('--mf-on-secondary')).toBe('#FFFFFF')
    expect(document.documentElement.dataset.theme).toBe('dark')
    expect(document.title).toBe('MediaFlow Demo')
    expect(document.querySelector('link[rel="icon"]')?.getAttribute('href')).toBe('/branding/favicon')
  })

  it('keeps what the server already wrote', () => {
    document.documentElement.style.setProperty('--mf-on-primary', '#000000')
    document.title = 'Server title'
    const icon = document.createElement('link')
    icon.rel = 'icon'
    icon.href = '/server-icon'
    document.head.appendChild(icon)

    brandDocument(demoTenant)

    expect(document.documentElement.style.getPropertyValue('--mf-on-primary')).toBe('#000000')
    expect(document.title).toBe('Server title')
    expect(document.querySelectorAll('link[rel="icon"]')).toHaveLength(1)
  })
})
