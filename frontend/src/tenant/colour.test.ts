import { describe, expect, it } from 'vitest'

import { contrastRatio, readableTextOn } from './colour'

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
