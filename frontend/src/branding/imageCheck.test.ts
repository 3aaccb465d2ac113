import { describe, expect, it } from 'vitest'

import { checkBrandImage, sniffImageFormat } from './imageCheck'

const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]
const jpeg = [0xff, 0xd8, 0xff, 0xe0, 0, 16]
const webp = [0x52, 0x49, 0x46, 0x46, 1, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]
const ico = [0x00, 0x00, 0x01, 0x00, 1, 0]
const svg = [...new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"></svg>')]

/** file builds a File whose content starts with head and is size bytes long. */
function file(head: number[], size = head.length, name = 'image', type = '') {
  const bytes = new Uint8Array(size)
  bytes.set(head.slice(0, size))
  return new File([bytes], name, { type })
}

describe('sniffImageFormat', () => {
  it.each([
    ['png', png],
    ['jpeg', jpeg],
    ['webp', webp],
    ['ico', ico],
    ['svg', svg],
    ['unknown', [...new TextEncoder().encode('hello, world')]],
  ])('recognises %s', (format, bytes) => {
    expect(sniffImageFormat(new Uint8Array(bytes))).toBe(format)
  })
})

describe('checkBrandImage', () => {
  it.each([
    ['a PNG logo', png, 'logo'],
    ['a JPEG logo', jpeg, 'logo'],
    ['a WebP logo', webp, 'logo'],
    ['an ICO favicon', ico, 'favicon'],
    ['a PNG favicon', png, 'favicon'],
  ] as const)('accepts %s', async (_name, head, kind) => {
    await expect(checkBrandImage(file(head, 1000), kind)).resolves.toBeNull()
  })

  it.each([
    ['an empty file', [], 0, 'logo', 'file_empty'],
    ['an SVG logo', svg, svg.length, 'logo', 'unsupported_image_type'],
    ['a text file named .png', [...new TextEncoder().encode('not an image')], 12, 'logo', 'unsupported_image_type'],
    ['an ICO logo', ico, 100, 'logo', 'unsupported_image_type'],
    ['a JPEG favicon', jpeg, 100, 'favicon', 'unsupported_image_type'],
    ['a logo over 2 MB', png, 2 * 1024 * 1024 + 1, 'logo', 'file_too_large'],
    ['a favicon over 512 KB', png, 512 * 1024 + 1, 'favicon', 'file_too_large'],
  ] as const)('refuses %s', async (_name, head, size, kind, problem) => {
    await expect(checkBrandImage(file([...head], size, 'x.png', 'image/png'), kind)).resolves.toBe(problem)
  })

  it('accepts files right at the limits', async () => {
    await expect(checkBrandImage(file(png, 2 * 1024 * 1024), 'logo')).resolves.toBeNull()
    await expect(checkBrandImage(file(ico, 512 * 1024), 'favicon')).resolves.toBeNull()
  })

  it('goes by the content, not by the name or declared type', async () => {
    await expect(checkBrandImage(file(png, 100, 'logo.svg', 'image/svg+xml'), 'logo')).resolves.toBeNull()
  })
})
