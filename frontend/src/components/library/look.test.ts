import { describe, expect, it } from 'vitest'

import { badgeText, categoryColour, libraryLayoutKey, readLayout, rememberLayout, tint } from './look'

function memoryStorage(initial: Record<string, string> = {}): Storage {
  const values = new Map(Object.entries(initial))
  return {
    get length() {
      return values.size
    },
    clear: () => values.clear(),
    getItem: (key) => values.get(key) ?? null,
    key: (index) => [...values.keys()][index] ?? null,
    removeItem: (key) => void values.delete(key),
    setItem: (key, value) => void values.set(key, String(value)),
  }
}

const refusing = {
  getItem: () => {
    throw new Error('denied')
  },
  setItem: () => {
    throw new Error('denied')
  },
} as unknown as Storage

describe('library layout', () => {
  it.each([
    { name: 'defaults to cards', stored: undefined, want: 'grid' },
    { name: 'remembers the list', stored: 'list', want: 'list' },
    { name: 'remembers cards', stored: 'grid', want: 'grid' },
    { name: 'ignores an unknown value', stored: 'table', want: 'grid' },
  ])('$name', ({ stored, want }) => {
    const storage = memoryStorage(stored ? { [libraryLayoutKey]: stored } : {})
    expect(readLayout(storage)).toBe(want)
  })

  it('stores the choice and reads it back', () => {
    const storage = memoryStorage()
    rememberLayout('list', storage)
    expect(storage.getItem(libraryLayoutKey)).toBe('list')
    expect(readLayout(storage)).toBe('list')
  })

  it('survives a storage that refuses or is missing', () => {
    expect(readLayout(refusing)).toBe('grid')
    expect(() => rememberLayout('list', refusing)).not.toThrow()
    expect(readLayout(undefined)).toBe('grid')
  })
})

describe('category looks', () => {
  it.each([
    { colour: '#e91e63', want: '#E91E63' },
    { colour: ' #00AA55 ', want: '#00AA55' },
    { colour: '', want: null },
    { colour: 'red', want: null },
    { colour: '#12345', want: null },
    { colour: null, want: null },
  ])('reads colour $colour as $want', ({ colour, want }) => {
    expect(categoryColour(colour)).toBe(want)
  })

  it.each([
    { opacity: 0.15, want: '#E91E6326' },
    { opacity: 1, want: '#E91E63FF' },
    { opacity: -1, want: '#E91E6300' },
  ])('tints at $opacity', ({ opacity, want }) => {
    expect(tint('#E91E63', opacity)).toBe(want)
  })

  it.each([
    { name: 'shows an emoji icon', icon: '🏷️', category: 'Ofertas', want: '🏷️' },
    { name: 'shows a two-letter icon', icon: 'OK', category: 'Ofertas', want: 'OK' },
    { name: 'uses the initial for a word icon', icon: 'megáfono', category: 'ofertas', want: 'O' },
    { name: 'uses the initial without an icon', icon: '', category: 'ñandú', want: 'Ñ' },
    { name: 'gives nothing without either', icon: '', category: '', want: '' },
  ])('$name', ({ icon, category, want }) => {
    expect(badgeText(icon, category)).toBe(want)
  })
})
