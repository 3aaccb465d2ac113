// Browser tests of accounts, roles, the branding portal and the platform
// console against the real server, with users created through the CLI.
//
//   MEDIAFLOW_BIN=/tmp/mediaflow npm run test:e2e
// Set E2E_SCREENSHOT_DIR (and optionally E2E_SCREENSHOT_PREFIX) to save
// screenshots of the sign-in page, branding portal, users page and console.
import assert from 'node:assert/strict'
import { after, before, beforeEach, describe, it } from 'node:test'

import { accounts, mallBarrio, rgb, seedAccounts, signIn, solidPng } from './support/accounts.mjs'
import { launchBrowser } from './support/browser.mjs'
import { screenshot } from './support/screenshots.mjs'
import { platformHost, startServer } from './support/server.mjs'

const newPrimary = '#0E7C66'
const logoSize = { width: 37, height: 23 }
const logoPng = solidPng(logoSize.width, logoSize.height, '#1D4ED8')

describe('accounts, branding and the platform console', () => {
  let server
  let browser
  let startup

  before(async () => {
    startup = (async () => {
      server = await startServer({ seed: seedAccounts })
      browser = await launchBrowser()
    })()
    await startup.catch(() => {})
  })

  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  // Every test starts signed out on every host.
  beforeEach(async () => {
    await startup
    await browser.context.clearCookies()
  })

  async function open(host, path = '/') {
    const page = await browser.context.newPage()
    await page.goto(server.url(host, path), { waitUntil: 'load' })
    return page
  }

  function background(page, testId) {
    return page.getByTestId(testId).first().evaluate((el) => getComputedStyle(el).backgroundColor)
  }

  it('shows the mall’s sign-in page in its name and colour before anyone signs in', async () => {
    const page = await open(mallBarrio.host, '/ingresar')
    try {
      await page.getByTestId('sign-in-form').waitFor()
      assert.equal((await page.getByTestId('tenant-name').textContent()).trim(), mallBarrio.name)
      assert.equal(await background(page, 'sign-in-brand'), rgb(mallBarrio.primary))
      assert.equal(await background(page, 'sign-in-submit'), rgb(mallBarrio.primary))
      assert.equal(await page.title(), mallBarrio.name)
      assert.equal(await page.getByTestId('tenant-logo').getAttribute('src'), '/branding/logo')
      await screenshot(page, 'signin')
    } finally {
      await page.close()
    }
  })

  it('says so when the password is wrong', async () => {
    const page = await open(mallBarrio.host, '/ingresar')
    try {
      await page.getByLabel('Correo electrónico').fill('nobody@mallbarrio.test')
      await page.locator('#sign-in-password').fill('not-the-password')
      await page.getByTestId('sign-in-submit').click()
      const error = page.getByTestId('sign-in-error')
      await error.waitFor()
      assert.match(await error.textContent(), /El correo o la contraseña no son correctos/)
      assert.equal(new URL(page.url()).pathname, '/ingresar')
    } finally {
      await page.close()
    }
  })

  it('lets the admin recolour the mall and upload a logo that survive a reload', async () => {
    const page = await open(mallBarrio.host, '/ingresar')
    try {
      await signIn(page, accounts.admin)
      assert.equal(new URL(page.url()).pathname, '/')
      await page.getByTestId('user-menu-button').waitFor()

      await page.getByTestId('main-nav').getByRole('link', { name: 'Configuración' }).click()
      await page.waitForURL('**/configuracion/marca')
      await page.getByTestId('branding-form').waitFor()

      // The new colour is previewed on the whole page before it is saved.
      const hex = page.getByTestId('colour-primary').locator('[data-role="hex"]')
      await hex.fill(newPrimary)
      await page.waitForFunction(
        (colour) => getComputedStyle(document.documentElement).getPropertyValue('--mf-primary').trim().toUpperCase() === colour,
        newPrimary,
      )
      assert.equal(await background(page, 'app-header'), rgb(newPrimary))
      assert.equal(await background(page, 'brand-preview-button'), rgb(newPrimary))

      await page.getByTestId('branding-save').click()
      await page.getByTestId('branding-saved').waitFor()

      await page.getByTestId('image-logo-input').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: logoPng })
      const headerLogo = page.getByTestId('app-header').getByTestId('tenant-logo')
      await page.waitForFunction(
        () => document.querySelector('[data-testid="app-header"] [data-testid="tenant-logo"]')?.getAttribute('src')?.includes('v='),
      )
      await page.waitForFunction(
        (width) => document.querySelector('[data-testid="app-header"] [data-testid="tenant-logo"]')?.naturalWidth === width,
        logoSize.width,
      )
      assert.match(await headerLogo.getAttribute('src'), /^\/branding\/logo\?v=\d+$/)
      await page.getByTestId('image-logo-remove').waitFor()
      await page.evaluate(() => window.scrollTo(0, 0))
      await screenshot(page, 'branding')

      await page.reload({ waitUntil: 'load' })
      await page.getByTestId('branding-form').waitFor()
      assert.equal(await background(page, 'app-header'), rgb(newPrimary))
      const logo = page.getByTestId('app-header').getByTestId('tenant-logo')
      await page.waitForFunction(() => document.querySelector('[data-testid="app-header"] [data-testid="tenant-logo"]')?.complete)
      const shown = await logo.evaluate(async (img) => {
        const res = await fetch(img.getAttribute('src'))
        return { status: res.status, bytes: [...new Uint8Array(await res.arrayBuffer())], width: img.naturalWidth }
      })
      assert.equal(shown.status, 200)
      assert.deepEqual(Buffer.from(shown.bytes), logoPng, 'the header logo is the uploaded PNG')
      assert.equal(shown.width, logoSize.width)

      await page.getByTestId('settings-nav').getByRole('link', { name: 'Usuarios' }).click()
      await page.getByTestId('members-table').waitFor()
      for (const account of [accounts.admin, accounts.editor]) {
        assert.equal(await page.locator(`[data-member="${account.email}"]`).count(), 1, `${account.email} is listed`)
      }
      await screenshot(page, 'users')
    } finally {
      await page.close()
    }

    const demo = await open('demo.localhost')
    try {
      await demo.getByTestId('tenant-name').waitFor()
      assert.equal(await background(demo, 'app-header'), rgb('#4F46E5'), 'demo keeps its own colour')
    } finally {
      await demo.close()
    }
  })

  it('keeps the editor out of the branding portal, in the menu and at the API', async () => {
    const page = await open(mallBarrio.host, '/configuracion/marca')
    try {
      await page.waitForURL((url) => url.pathname === '/ingresar' && url.searchParams.get('volver') === '/configuracion/marca')
      await signIn(page, accounts.editor)
      assert.equal(new URL(page.url()).pathname, '/configuracion/marca')
      await page.getByTestId('forbidden').waitFor()

      // An editor manages the library's categories and sees the players,
      // the settings pages their role opens; nothing leads to the branding portal.
      await page.getByTestId('main-nav').waitFor()
      assert.equal(await page.locator('a[href="/configuracion/marca"]').count(), 0, 'no link to the branding portal')
      await page.getByTestId('main-nav').getByRole('link', { name: 'Configuración' }).click()
      await page.getByTestId('categories-page').waitFor()
      assert.deepEqual(await page.getByTestId('settings-nav').getByRole('link').allTextContents().then((texts) => texts.map((text) => text.trim())), [
        'Categorías',
        'Reproductores',
      ])

      const answer = await page.evaluate(async () => {
        const csrf = document.cookie.split('; ').find((part) => part.startsWith('mf_csrf='))?.slice('mf_csrf='.length) ?? ''
        const res = await fetch('/api/v1/tenant/branding', {
          method: 'PATCH',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': decodeURIComponent(csrf) },
          body: JSON.stringify({ primary_color: '#000000' }),
        })
        return { status: res.status, body: await res.json(), csrf }
      })
      assert.ok(answer.csrf, 'the CSRF cookie is readable')
      assert.equal(answer.status, 403)
      assert.equal(answer.body.error.code, 'forbidden')
    } finally {
      await page.close()
    }
  })

  it('lets the platform admin create a mall that then answers on its own host', async () => {
    const page = await open(platformHost, '/')
    try {
      await page.waitForURL('**/ingresar')
      assert.equal((await page.getByTestId('tenant-name').textContent()).trim(), 'MediaFlow')
      await signIn(page, accounts.platform)
      await page.getByTestId('tenants-table').waitFor()
      assert.equal(await page.locator(`[data-tenant="${mallBarrio.slug}"]`).count(), 1)
      await screenshot(page, 'platform')

      await page.getByTestId('new-tenant').click()
      await page.getByTestId('tenant-name-input').fill('Mall Nuevo Oriente')
      assert.equal(await page.getByTestId('tenant-slug-input').inputValue(), 'mall-nuevo-oriente')
      await page.getByTestId('tenant-slug-input').fill('nuevo')
      await page.getByTestId('tenant-host-input').fill('nuevo.localhost')
      await page.getByTestId('tenant-primary').locator('[data-role="hex"]').fill('#0F766E')
      await page.getByTestId('tenant-admin-email').fill('admin@nuevo.test')
      await page.getByTestId('tenant-admin-name').fill('Nora Nuevo')
      await page.getByTestId('new-tenant-submit').click()
      await page.getByTestId('tenant-created').waitFor()
      assert.match(await page.getByTestId('secret-value').inputValue(), /\S{8,}/, 'a temporary password is shown')
      await screenshot(page, 'platform-created')

      await page.getByTestId('tenant-created-open').click()
      await page.getByTestId('tenant-detail-page').waitFor()
      await page.locator('[data-host="nuevo.localhost"]').waitFor()
    } finally {
      await page.close()
    }

    const mall = await open('nuevo.localhost')
    try {
      const name = mall.getByTestId('tenant-name')
      await name.waitFor()
      assert.equal((await name.textContent()).trim(), 'Mall Nuevo Oriente')
      assert.equal(await background(mall, 'app-header'), rgb('#0F766E'))
    } finally {
      await mall.close()
    }
  })
})
