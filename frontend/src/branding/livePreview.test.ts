import { afterEach, describe, expect, it } from 'vitest'

import { brandVariables, createLivePreview } from './livePreview'

const root = document.documentElement
const variable = (name: string) => root.style.getPropertyValue(name)

afterEach(() => {
  brandVariables.forEach((name) => root.style.removeProperty(name))
  document.head.querySelectorAll('meta[name="theme-color"]').forEach((meta) => meta.remove())
})

describe('createLivePreview', () => {
  it('paints the page with the colours being edited, with readable text colours', () => {
    const preview = createLivePreview()

    preview.apply({ primary: '#0E7C66', secondary: '#FACC15' })

    expect(variable('--mf-primary')).toBe('#0E7C66')
    expect(variable('--mf-secondary')).toBe('#FACC15')
    expect(variable('--mf-on-primary')).toBe('#FFFFFF')
    expect(variable('--mf-on-secondary')).toBe('#000000')
    expect(preview.active).toBe(true)
  })

  it('gives the page back to the server-written colours on revert', () => {
    // The server's colours live in a <style> in the head, not inline.
    const preview = createLivePreview()
    preview.apply({ primary: '#0E7C66', secondary: '#FACC15' })

    preview.revert()

    brandVariables.forEach((name) => expect(variable(name)).toBe(''))
    expect(preview.active).toBe(false)
  })

  it('restores inline colours that were already there', () => {
    root.style.setProperty('--mf-primary', '#E91E63')
    root.style.setProperty('--mf-on-primary', '#000000')
    const preview = createLivePreview()
    preview.apply({ primary: '#111111', secondary: '#222222' })

    preview.revert()

    expect(variable('--mf-primary')).toBe('#E91E63')
    expect(variable('--mf-on-primary')).toBe('#000000')
    expect(variable('--mf-secondary')).toBe('')
  })

  it('keeps saved colours after a later revert', () => {
    const meta = document.createElement('meta')
    meta.name = 'theme-color'
    meta.content = '#E91E63'
    document.head.appendChild(meta)
    const preview = createLivePreview()
    preview.apply({ primary: '#0E7C66', secondary: '#9C27B0' })

    preview.commit({ primary: '#0E7C66', secondary: '#9C27B0' })
    preview.apply({ primary: '#000000', secondary: '#000000' })
    preview.revert()

    expect(variable('--mf-primary')).toBe('#0E7C66')
    expect(variable('--mf-secondary')).toBe('#9C27B0')
    expect(meta.content).toBe('#0E7C66')
  })
})
