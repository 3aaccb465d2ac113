// Applies unsaved brand colours to the whole page while the admin edits them,
// and puts the page back as it was when they leave or cancel.

import { readableTextOn } from '../tenant/colour'

export const brandVariables = ['--mf-primary', '--mf-secondary', '--mf-on-primary', '--mf-on-secondary'] as const

type BrandVariable = (typeof brandVariables)[number]

export interface BrandColours {
  primary: string
  secondary: string
}

export interface LivePreview {
  /** apply paints the page with these colours until revert or commit. */
  apply(colours: BrandColours): void
  /** revert restores the colours the page had before (or the last committed ones). */
  revert(): void
  /** commit makes these colours the ones revert restores, after a save. */
  commit(colours: BrandColours): void
  readonly active: boolean
}

function values(colours: BrandColours): Record<BrandVariable, string> {
  return {
    '--mf-primary': colours.primary,
    '--mf-secondary': colours.secondary,
    '--mf-on-primary': readableTextOn(colours.primary),
    '--mf-on-secondary': readableTextOn(colours.secondary),
  }
}

/**
 * createLivePreview works on the root element's inline style, which wins over
 * the <style> the server writes into the page head, so removing the inline
 * values brings back exactly what the server sent.
 */
export function createLivePreview(root: HTMLElement = document.documentElement): LivePreview {
  const saved = new Map<BrandVariable, string>(brandVariables.map((name) => [name, root.style.getPropertyValue(name)]))
  let active = false

  function write(entries: Iterable<[BrandVariable, string]>) {
    for (const [name, value] of entries) {
      if (value) root.style.setProperty(name, value)
      else root.style.removeProperty(name)
    }
  }

  return {
    apply(colours) {
      write(Object.entries(values(colours)) as [BrandVariable, string][])
      active = true
    },
    revert() {
      write(saved)
      active = false
    },
    commit(colours) {
      const next = values(colours)
      for (const name of brandVariables) saved.set(name, next[name])
      write(saved)
      const themeColour = root.ownerDocument.querySelector('meta[name="theme-color"]')
      themeColour?.setAttribute('content', colours.primary)
      active = false
    },
    get active() {
      return active
    },
  }
}
