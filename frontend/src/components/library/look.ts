// How the library shows itself: the remembered layout and category looks.

/** The two ways the library lays out its messages. */
export type LibraryLayout = 'grid' | 'list'

/** The localStorage key that remembers the library's layout. */
export const libraryLayoutKey = 'mediaflow.library.layout'

/** readLayout returns the remembered layout, cards when none (or storage fails). */
export function readLayout(storage: Storage | undefined): LibraryLayout {
  try {
    return storage?.getItem(libraryLayoutKey) === 'list' ? 'list' : 'grid'
  } catch {
    return 'grid'
  }
}

/** rememberLayout stores the layout; a refusing storage is ignored. */
export function rememberLayout(layout: LibraryLayout, storage: Storage | undefined): void {
  try {
    storage?.setItem(libraryLayoutKey, layout)
  } catch {
    // Private modes may refuse to store; the choice then lasts for the visit.
  }
}

const hexColour = /^#[0-9A-Fa-f]{6}$/

/** categoryColour returns the category's #RRGGBB colour, or null when it has none that is valid. */
export function categoryColour(colour: string | null | undefined): string | null {
  const value = colour?.trim() ?? ''
  return hexColour.test(value) ? value.toUpperCase() : null
}

/** tint is the colour at the given opacity (0..1) as #RRGGBBAA. */
export function tint(colour: string, opacity: number): string {
  const alpha = Math.round(Math.min(1, Math.max(0, opacity)) * 255)
  return `${colour}${alpha.toString(16).padStart(2, '0').toUpperCase()}`
}

function graphemes(text: string): string[] {
  if (typeof Intl.Segmenter === 'function') {
    return [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((part) => part.segment)
  }
  return [...text]
}

/**
 * badgeText is what fits on a category's small square badge: its icon when
 * that is one or two characters (an emoji), otherwise the first letter of
 * its name, or '' when there is neither.
 */
export function badgeText(icon: string | null | undefined, name: string | null | undefined): string {
  const trimmed = icon?.trim() ?? ''
  if (trimmed && graphemes(trimmed).length <= 2) return trimmed
  const first = graphemes(name?.trim() ?? '')[0] ?? ''
  return first.toLocaleUpperCase()
}
