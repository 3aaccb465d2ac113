import { afterEach, describe, expect, it } from 'vitest'

import AppHeader from '../components/AppHeader.vue'
import { mountInShell } from '../test-support/mount'
import { hasStoredLocale, initialLocale, localeStorageKey, normalizeLocale } from '.'

afterEach(() => {
  localStorage.clear()
  document.body.innerHTML = ''
  document.documentElement.lang = 'es-CL'
})

describe('normalizeLocale', () => {
  it.each([
    ['es-CL', 'es-CL'],
    ['es', 'es-CL'],
    ['es-AR', 'es-CL'],
    ['EN', 'en'],
    ['en-US', 'en'],
    ['pt-BR', null],
    ['', null],
    [null, null],
  ])('maps %s to %s', (tag, expected) => {
    expect(normalizeLocale(tag)).toBe(expected)
  })
})

describe('initialLocale', () => {
  it.each([
    ['the stored choice over the tenant', 'en', 'es-CL', 'en'],
    ['the tenant locale when nothing is stored', null, 'en-GB', 'en'],
    ['Spanish when the tenant locale is unsupported', null, 'fr-FR', 'es-CL'],
    ['the tenant locale when the stored value is garbage', 'klingon', 'es-CL', 'es-CL'],
  ])('prefers %s', (_name, stored, tenantLocale, expected) => {
    if (stored) localStorage.setItem(localeStorageKey, stored)
    expect(initialLocale(tenantLocale, localStorage)).toBe(expected)
  })
})

describe('language switch', () => {
  it('starts in Spanish with Español pressed', async () => {
    const { wrapper } = await mountInShell(AppHeader)

    expect(wrapper.get('[data-locale="es-CL"]').attributes('aria-pressed')).toBe('true')
    expect(wrapper.get('[data-locale="en"]').attributes('aria-pressed')).toBe('false')
    expect(wrapper.get('nav').attributes('aria-label')).toBe('Secciones')
    expect(wrapper.get('nav').text()).toContain('Inicio')
  })

  it('switches the interface to English and remembers the choice', async () => {
    const { wrapper, i18n } = await mountInShell(AppHeader)

    await wrapper.get('[data-locale="en"]').trigger('click')

    expect(i18n.global.locale.value).toBe('en')
    expect(wrapper.get('nav').text()).toContain('Home')
    expect(wrapper.get('nav').attributes('aria-label')).toBe('Sections')
    expect(wrapper.get('[data-locale="en"]').attributes('aria-pressed')).toBe('true')
    expect(localStorage.getItem(localeStorageKey)).toBe('en')
    expect(hasStoredLocale(localStorage)).toBe(true)
    expect(document.documentElement.lang).toBe('en')
  })

  it('switches back to Spanish', async () => {
    const { wrapper } = await mountInShell(AppHeader, { locale: 'en' })

    await wrapper.get('[data-locale="es-CL"]').trigger('click')

    expect(wrapper.get('nav').text()).toContain('Inicio')
    expect(localStorage.getItem(localeStorageKey)).toBe('es-CL')
    expect(document.documentElement.lang).toBe('es-CL')
  })
})
