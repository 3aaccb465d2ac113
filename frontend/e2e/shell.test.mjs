// Browser tests of the front-end shell as served by the real Go server:
// host-based tenants, first-paint branding, client routes and the page shown
// for hosts that belong to no tenant.
//
// Run with MEDIAFLOW_BIN pointing at a built server binary:
//   MEDIAFLOW_BIN=/tmp/mediaflow npm run test:e2e
// Set E2E_SCREENSHOT_DIR to also save a screenshot of each tenant's home page.
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'

import { launchBrowser } from './support/browser.mjs'
import { startServer } from './support/server.mjs'

const tenants = [
  { host: 'demo.localhost', slug: 'demo', name: 'MediaFlow Demo', primary: '#4F46E5' },
  { host: 'mallbarrio.localhost', slug: 'mallbarrio', name: 'Mall Barrio Independencia', primary: '#E91E63' },
]

const demo = tenants[0]

function rgb(hex) {
  const [r, g, b] = [1, 3, 5].map((offset) => parseInt(hex.slice(offset, offset + 2), 16))
  return `rgb(${r}, ${g}, ${b})`
}

describe('front-end shell', () => {
  let server
  let browser
  let startup

  // A failed start is reported by every test rather than by the hook alone,
  // so the run counts real failures instead of cancelled tests.
  before(async () => {
    startup = (async () => {
      server = await startServer()
      browser = await launchBrowser()
    })()
    await startup.catch(() => {})
  })

  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  async function open(host, path = '/') {
    await startup
    const page = await browser.context.newPage()
    const response = await page.goto(server.url(host, path), { waitUntil: 'load' })
    return { page, response }
  }

  async function headerColours(page) {
    return page.$eval('[data-testid="app-header"]', (header) => {
      const style = getComputedStyle(header)
      const probe = document.createElement('span')
      probe.style.color = 'var(--mf-on-primary)'
      document.body.appendChild(probe)
      const onPrimary = getComputedStyle(probe).color
      probe.remove()
      return { background: style.backgroundColor, text: style.color, onPrimary }
    })
  }

  for (const tenant of tenants) {
    it(`brands ${tenant.host} as ${tenant.name}`, async () => {
      const { page, response } = await open(tenant.host)
      try {
        assert.equal(response.status(), 200)
        const html = await response.text()
        assert.match(html, new RegExp(`<title>${tenant.name}</title>`), 'served HTML carries the title')
        assert.match(html, /<script id="mediaflow-tenant" type="application\/json">/, 'served HTML embeds the tenant')
        assert.doesNotMatch(html, /<!--mediaflow:head-->/, 'the head marker was replaced')

        const name = page.getByTestId('tenant-name')
        await name.waitFor()
        assert.equal((await name.textContent()).trim(), tenant.name)
        assert.equal(await page.title(), tenant.name)

        const colours = await headerColours(page)
        assert.equal(colours.background, rgb(tenant.primary))
        assert.equal(colours.text, colours.onPrimary)
        assert.ok(['rgb(0, 0, 0)', 'rgb(255, 255, 255)'].includes(colours.text), `on-primary is ${colours.text}`)

        const favicon = await page.$eval('link[rel~="icon"]', (link) => link.getAttribute('href'))
        assert.equal(favicon, '/branding/favicon')

        const logo = page.getByTestId('tenant-logo')
        assert.equal(await logo.getAttribute('src'), '/branding/logo')
        const logoLoaded = await logo.evaluate((img) => img.complete && img.naturalWidth > 0)
        assert.ok(logoLoaded, 'the tenant logo loads')

        const greeting = await page.getByTestId('welcome-title').textContent()
        assert.equal(greeting.trim(), `¡Hola, ${tenant.name}!`)
        assert.match(await page.getByTestId('app-version').textContent(), /^\s*MediaFlow v\d+\.\d+\.\d+/)

        const status = page.getByTestId('system-status')
        await page.waitForSelector('[data-testid="system-status"]:not([data-state="loading"])')
        const state = await status.getAttribute('data-state')
        assert.ok(['ok', 'failing'].includes(state), `readiness was read, state is ${state}`)
        assert.ok((await page.locator('[data-check="database"]').count()) === 1, 'database check is listed')

        if (process.env.E2E_SCREENSHOT_DIR) {
          await page.screenshot({ path: join(process.env.E2E_SCREENSHOT_DIR, `shot-${tenant.slug}.png`), fullPage: true })
        }
      } finally {
        await page.close()
      }
    })
  }

  it('shows the 404 page for an unknown client route inside the branded shell', async () => {
    const { page } = await open(demo.host, '/no-existe')
    try {
      const notFound = page.getByTestId('not-found')
      await notFound.waitFor()
      assert.match(await notFound.textContent(), /Página no encontrada/)
      assert.match(await notFound.textContent(), /\/no-existe/)
      assert.equal((await page.getByTestId('tenant-name').textContent()).trim(), demo.name)
      assert.equal((await headerColours(page)).background, rgb(demo.primary))
      assert.equal(await page.title(), demo.name)

      await page.getByTestId('not-found-home').click()
      await page.getByTestId('home-page').waitFor()
      assert.equal(new URL(page.url()).pathname, '/')
    } finally {
      await page.close()
    }
  })

  it('switches to English and keeps the choice after a reload', async () => {
    const { page } = await open(demo.host)
    try {
      await page.getByRole('button', { name: 'English' }).click()
      await page.getByText(`Hello, ${demo.name}!`).waitFor()
      assert.equal(await page.getAttribute('html', 'lang'), 'en')

      await page.reload({ waitUntil: 'load' })
      await page.getByText(`Hello, ${demo.name}!`).waitFor()
      assert.equal(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed'), 'true')

      await page.getByRole('button', { name: 'Español' }).click()
      await page.getByText(`¡Hola, ${demo.name}!`).waitFor()
    } finally {
      await page.close()
    }
  })

  it('shows the plain unknown-site page for a host that belongs to no tenant', async () => {
    const { page } = await open('unknown.localhost')
    try {
      const text = await page.locator('body').innerText()
      assert.match(text, /Sitio desconocido/)
      for (const tenant of tenants) assert.ok(!text.includes(tenant.name), `no trace of ${tenant.name}`)
      assert.equal(await page.getByTestId('app-header').count(), 0)
    } finally {
      await page.close()
    }
  })
})
