import { describe, expect, it } from 'vitest'

import { fractionAt, seekByKey } from './seek'

describe('fractionAt', () => {
  it.each([
    { name: 'is the share of the box left of the pointer', x: 150, left: 100, width: 200, want: 0.25 },
    { name: 'stops at the left edge', x: 20, left: 100, width: 200, want: 0 },
    { name: 'stops at the right edge', x: 900, left: 100, width: 200, want: 1 },
    { name: 'is zero in a box without width', x: 150, left: 100, width: 0, want: 0 },
  ])('$name', ({ x, left, width, want }) => {
    expect(fractionAt(x, left, width)).toBeCloseTo(want)
  })
})

describe('seekByKey', () => {
  it.each([
    { key: 'ArrowRight', current: 5, want: 6 },
    { key: 'ArrowUp', current: 5, want: 6 },
    { key: 'ArrowLeft', current: 5, want: 4 },
    { key: 'ArrowDown', current: 0.5, want: 0 },
    { key: 'PageUp', current: 5, want: 15 },
    { key: 'PageUp', current: 25, want: 30 },
    { key: 'PageDown', current: 5, want: 0 },
    { key: 'Home', current: 12, want: 0 },
    { key: 'End', current: 12, want: 30 },
    { key: 'a', current: 12, want: null },
    { key: 'Enter', current: 12, want: null },
  ])('moves from $current s with $key to $want in a 30 s recording', ({ key, current, want }) => {
    expect(seekByKey(key, current, 30)).toBe(want)
  })

  it('does not seek before the length is known', () => {
    expect(seekByKey('End', 0, Number.NaN)).toBeNull()
    expect(seekByKey('ArrowRight', 0, 0)).toBeNull()
  })
})
