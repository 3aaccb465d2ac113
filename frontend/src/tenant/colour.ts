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
