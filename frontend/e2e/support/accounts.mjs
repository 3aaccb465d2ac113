// Accounts the browser tests sign in with, created with the CLI before the
// server starts, and small helpers for signing in and making images.
import { deflateSync } from 'node:zlib'

export const mallBarrio = {
  slug: 'mallbarrio',
  host: 'mallbarrio.localhost',
  name: 'Mall Barrio Independencia',
  primary: '#E91E63',
  secondary: '#9C27B0',
}

export const accounts = {
  admin: { email: 'admin@mallbarrio.test', password: 'Barrio-Admin-2026!', role: 'admin' },
  editor: { email: 'editor@mallbarrio.test', password: 'Barrio-Editor-2026!', role: 'editor' },
  platform: { email: 'ops@mediaflow.test', password: 'Platform-Ops-2026!' },
}

/**
 * seedAccounts prepares the database: migrations, the mallbarrio tenant (as
 * `serve --demo` would create it, which then leaves it alone), its admin and
 * editor, and a platform administrator.
 */
export async function seedAccounts(run) {
  await run('migrate', 'up')
  await run(
    'tenant', 'create',
    '--slug', mallBarrio.slug,
    '--name', mallBarrio.name,
    '--host', mallBarrio.host,
    '--primary-color', mallBarrio.primary,
    '--secondary-color', mallBarrio.secondary,
  )
  for (const account of [accounts.admin, accounts.editor]) {
    await run(
      'user', 'create',
      '--tenant', mallBarrio.slug,
      '--email', account.email,
      '--role', account.role,
      '--password', account.password,
    )
  }
  await run('platform-admin', 'add', '--email', accounts.platform.email, '--password', accounts.platform.password)
}

/**
 * signIn fills the sign-in form on the page (which must show it) and waits
 * until the app has left the sign-in page.
 */
export async function signIn(page, { email, password }) {
  await page.getByTestId('sign-in-form').waitFor()
  await page.getByLabel(/Correo electrónico|Email/).fill(email)
  await page.locator('#sign-in-password').fill(password)
  await page.getByTestId('sign-in-submit').click()
  await page.waitForURL((url) => !url.pathname.startsWith('/ingresar'))
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(buffer) {
  let crc = 0xffffffff
  for (const byte of buffer) crc = crcTable[(crc ^ byte) & 0xff] ^ (crc >>> 8)
  return (crc ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** solidPng returns a PNG of the given size filled with one #RRGGBB colour. */
export function solidPng(width, height, hex) {
  const [r, g, b] = [1, 3, 5].map((offset) => parseInt(hex.slice(offset, offset + 2), 16))
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header[8] = 8 // bit depth
  header[9] = 2 // truecolour
  const row = Buffer.alloc(1 + width * 3)
  for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3)
  const pixels = Buffer.concat(Array.from({ length: height }, () => row))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** rgb turns #RRGGBB into the rgb(r, g, b) that getComputedStyle reports. */
export function rgb(hex) {
  const [r, g, b] = [1, 3, 5].map((offset) => parseInt(hex.slice(offset, offset + 2), 16))
  return `rgb(${r}, ${g}, ${b})`
}
