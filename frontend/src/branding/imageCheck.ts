// Checks a chosen logo or favicon before uploading it. The server decides
// (it reads the type from the content); this only spares the user a round
// trip for files that are certain to be refused.

import type { BrandImageKind } from '../api/branding'

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'ico' | 'svg' | 'unknown'

export interface ImageRules {
  formats: readonly ImageFormat[]
  maxBytes: number
  /** The accept attribute of the file input. */
  accept: string
}

export const imageRules: Record<BrandImageKind, ImageRules> = {
  logo: {
    formats: ['png', 'jpeg', 'webp'],
    maxBytes: 2 * 1024 * 1024,
    accept: 'image/png,image/jpeg,image/webp',
  },
  favicon: {
    formats: ['ico', 'png'],
    maxBytes: 512 * 1024,
    accept: 'image/x-icon,image/vnd.microsoft.icon,image/png,.ico',
  },
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((value, index) => bytes[offset + index] === value)
}

/** sniffImageFormat reads the format from a file's first bytes. */
export function sniffImageFormat(bytes: Uint8Array): ImageFormat {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png'
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg'
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return 'webp'
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00])) return 'ico'
  const head = new TextDecoder().decode(bytes).trimStart().toLowerCase()
  if (head.startsWith('<svg') || head.startsWith('<?xml')) return 'svg'
  return 'unknown'
}

async function readHead(file: Blob, length: number): Promise<Uint8Array> {
  const slice = file.slice(0, length)
  const buffer = typeof slice.arrayBuffer === 'function' ? await slice.arrayBuffer() : await new Response(slice).arrayBuffer()
  return new Uint8Array(buffer)
}

export type ImageProblem = 'file_empty' | 'unsupported_image_type' | 'file_too_large'

/**
 * checkBrandImage returns why the server would refuse the file, using the
 * same error codes, or null when it may be uploaded.
 */
export async function checkBrandImage(file: Blob, kind: BrandImageKind): Promise<ImageProblem | null> {
  const rules = imageRules[kind]
  if (file.size === 0) return 'file_empty'
  const format = sniffImageFormat(await readHead(file, 64))
  if (!rules.formats.includes(format)) return 'unsupported_image_type'
  if (file.size > rules.maxBytes) return 'file_too_large'
  return null
}
