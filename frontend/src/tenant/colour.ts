// Colour functions used when the page was not branded by the server (for
// example under the Vite dev server) and the app must brand itself.

function channel(hex: string, offset: number): number {
  const value = parseInt(hex.slice(offset, offset + 2), 16) / 255
  return value <= 0.04045 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4
}

/** relativeLuminance follows the WCAG 2 definition for a #RRGGBB colour. */
export function relativeLuminance(hex: string): number {
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5)
}

/** contrastRatio returns the WCAG contrast ratio between two #RRGGBB colours. */
export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x)
  return (light! + 0.05) / (dark! + 0.05)
}

/** readableTextOn picks black or white, whichever contrasts more with the background. */
export function readableTextOn(background: string): '#000000' | '#FFFFFF' {
  const onWhite = contrastRatio(background, '#FFFFFF')
  const onBlack = contrastRatio(background, '#000000')
  return onBlack > onWhite ? '#000000' : '#FFFFFF'
}

/** The WCAG AA minimum for normal-size text. */
export const minimumTextContrast = 4.5

/** The WCAG minimum for large text and for user-interface parts (1.4.11). */
export const minimumAccentContrast = 3

/** Page surfaces per theme, as in style.css; brand accents sit on them. */
export const themeSurfaces = { light: '#FFFFFF', dark: '#1C1C21' } as const

export interface TextContrast {
  /** The better of black and white on the background. */
  text: '#000000' | '#FFFFFF'
  ratio: number
}

/** textContrast returns the better text colour on background and its contrast ratio. */
export function textContrast(background: string): TextContrast {
  const text = readableTextOn(background)
  return { text, ratio: contrastRatio(background, text) }
}

/**
 * textContrastTooLow tells whether even the better of black and white text on
 * the colour stays below the WCAG AA ratio of 4.5:1.
 */
export function textContrastTooLow(background: string, minimum = minimumTextContrast): boolean {
  return textContrast(background).ratio < minimum
}

/**
 * accentContrastTooLow tells whether the colour, used as an accent (active
 * tab, outline, link) on the theme's page surface, stays below 3:1.
 */
export function accentContrastTooLow(colour: string, theme: keyof typeof themeSurfaces): boolean {
  return contrastRatio(colour, themeSurfaces[theme]) < minimumAccentContrast
}

const fullHex = /^#?([0-9a-f]{6})$/i
const shortHex = /^#?([0-9a-f])([0-9a-f])([0-9a-f])$/i

/**
 * normalizeHex turns "#e91e63", "E91E63" or "#e1e" into "#E91E63"-style
 * #RRGGBB, or returns null for anything that is not a hex colour.
 */
export function normalizeHex(value: string): string | null {
  const trimmed = value.trim()
  const full = fullHex.exec(trimmed)
  if (full) return `#${full[1]!.toUpperCase()}`
  const short = shortHex.exec(trimmed)
  if (short) return `#${short.slice(1, 4).map((c) => c + c).join('').toUpperCase()}`
  return null
}

/** formatRatio shows a contrast ratio like "4.6:1" in the given locale. */
export function formatRatio(ratio: number, locale: string): string {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 })
  return `${number.format(Math.floor(ratio * 10) / 10)}:1`
}
