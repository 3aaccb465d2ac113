import { describe, expect, it } from 'vitest'

import {
  accentContrastTooLow,
  contrastRatio,
  formatRatio,
  normalizeHex,
  readableTextOn,
  textContrast,
  textContrastTooLow,
} from './colour'

describe('readableTextOn', () => {
  it.each([
    ['#4F46E5', '#FFFFFF'],
    ['#7C3AED', '#FFFFFF'],
    ['#000000', '#FFFFFF'],
    ['#FFFFFF', '#000000'],
    ['#FACC15', '#000000'],
    ['#E91E63', '#000000'],
  ])('picks %s text as %s', (background, expected) => {
    expect(readableTextOn(background)).toBe(expected)
  })

  it('measures black on white as 21:1', () => {
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 5)
  })
})

describe('textContrast', () => {
  it.each([
    ['#E91E63', '#000000', 4.83],
    ['#0E7C66', '#FFFFFF', 5.13],
    ['#4F46E5', '#FFFFFF', 6.29],
    ['#FACC15', '#000000', 13.71],
    ['#FFFFFF', '#000000', 21],
  ])('gives %s %s text at about %f:1', (background, text, ratio) => {
    const contrast = textContrast(background)
    expect(contrast.text).toBe(text)
    expect(contrast.ratio).toBeCloseTo(ratio, 1)
  })
})

describe('textContrastTooLow', () => {
  // The better of black and white never drops below about 4.58:1 (at a
  // relative luminance of about 0.18), so at the AA minimum of 4.5:1 the
  // warning is a safety net rather than something a colour can trigger.
  it('finds no colour on a fine grid whose better text falls below 4.5:1', () => {
    let worst = Infinity
    for (let r = 0; r < 256; r += 15) {
      for (let g = 0; g < 256; g += 15) {
        for (let b = 0; b < 256; b += 15) {
          const hex = `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`
          worst = Math.min(worst, textContrast(hex).ratio)
          expect(textContrastTooLow(hex)).toBe(false)
        }
      }
    }
    expect(worst).toBeGreaterThan(4.5)
    expect(worst).toBeLessThan(4.7)
  })

  it('warns exactly when the ratio is under the minimum', () => {
    // #777777 is close to the worst case: about 4.69:1 with black.
    expect(textContrast('#777777').ratio).toBeCloseTo(4.6895, 4)
    expect(textContrastTooLow('#777777', 4.689)).toBe(false)
    expect(textContrastTooLow('#777777', 4.69)).toBe(true)
  })
})

describe('accentContrastTooLow', () => {
  it.each([
    ['#FACC15', 'light', true],
    ['#FFFFFF', 'light', true],
    ['#E91E63', 'light', false],
    ['#1E1B4B', 'dark', true],
    ['#FACC15', 'dark', false],
  ] as const)('says %s on the %s theme is too faint: %s', (colour, theme, expected) => {
    expect(accentContrastTooLow(colour, theme)).toBe(expected)
  })
})

describe('normalizeHex', () => {
  it.each([
    ['#e91e63', '#E91E63'],
    ['E91E63', '#E91E63'],
    ['  #0e7c66 ', '#0E7C66'],
    ['#e1e', '#EE11EE'],
    ['fff', '#FFFFFF'],
  ])('turns %j into %s', (value, expected) => {
    expect(normalizeHex(value)).toBe(expected)
  })

  it.each(['', 'red', '#12345', '#1234567', '#GGGGGG', 'rgb(0,0,0)'])('rejects %j', (value) => {
    expect(normalizeHex(value)).toBeNull()
  })
})

describe('formatRatio', () => {
  it('rounds down to one decimal, in the reader’s locale', () => {
    expect(formatRatio(4.58, 'es-CL')).toBe('4,5:1')
    expect(formatRatio(21, 'en')).toBe('21.0:1')
  })
})
