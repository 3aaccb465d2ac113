// Browser test of the on-air screens against the real server: an admin adds
// a player and gets its pairing code, an editor schedules a ready message
// every week and finds it in the week calendar, and the play log loads with
// a CSV link that carries its filters.
//
//   MEDIAFLOW_BIN=/tmp/mediaflow node --test e2e/onair-admin.test.mjs
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { accounts, mallBarrio, seedAccounts, signIn } from './support/accounts.mjs'
import { launchBrowser } from './support/browser.mjs'
import { screenshot } from './support/screenshots.mjs'
import { startServer } from './support/server.mjs'

const slowMs = 60_000

/** toneWav returns a mono 16-bit WAV file with a few seconds of a sine tone. */
function toneWav(seconds = 2, rate = 22_050, hz = 440) {
  const samples = seconds * rate
  const data = Buffer.alloc(samples * 2)
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * hz * i) / rate) * 8000), i * 2)
  const header = Buffer.alloc(44)
  header.write('RIFF', 0, 'ascii')
  header.writeUInt32LE(36 + data.length, 4)
  header.write('WAVEfmt ', 8, 'ascii')
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20)
  header.writeUInt16LE(1, 22)
  header.writeUInt32LE(rate, 24)
  header.writeUInt32LE(rate * 2, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36, 'ascii')
  header.writeUInt32LE(data.length, 40)
  return Buffer.concat([header, data])
}

describe('on-air screens', () => {
  let server
  let browser

  before(async () => {
    server = await startServer({ seed: seedAccounts })
    browser = await launchBrowser()
  })

  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('lets an admin add a player and see its pairing code', async () => {
    await browser.context.clearCookies()
    const page = await browser.context.newPage()
    try {
      await page.goto(server.url(mallBarrio.host, '/ingresar'), { waitUntil: 'load' })
      await signIn(page, accounts.admin)
      await page.getByTestId('main-nav').getByRole('link', { name: 'Configuración' }).click()
      await page.getByTestId('settings-nav').getByRole('link', { name: 'Reproductores' }).click()
      await page.getByTestId('players-page').waitFor()
      await page.getByTestId('empty-state').waitFor()

      await page.getByTestId('player-add').click()
      await page.getByTestId('player-name').fill('Patio de comidas')
      await page.getByTestId('player-zone').fill('Nivel 2')
      await page.getByTestId('player-submit').click()

      const code = page.getByTestId('pairing-code')
      await code.waitFor({ timeout: slowMs })
      assert.match((await code.textContent()).trim(), /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/)
      assert.match(await page.getByTestId('pairing-expiry').textContent(), /Vence en 1[45]:\d\d/)
      assert.equal(
        (await page.getByTestId('pairing-instructions').textContent()).trim(),
        `Abre ${mallBarrio.host}:${server.port}/reproductor en el computador de la sala de sonido e ingresa este código.`,
      )
      await screenshot(page, 'onair-pairing')
      await page.getByRole('dialog').getByRole('button', { name: 'Listo' }).click()

      const row = page.locator('[data-player="Patio de comidas"]')
      await row.waitFor()
      assert.match(await row.textContent(), /Nivel 2/)
      assert.match(await row.getByTestId('online-badge').textContent(), /Sin conexión/)
      await screenshot(page, 'onair-players')
    } finally {
      await page.close()
    }
  })

  it('lets an editor schedule a ready message every week and see it in the week calendar', async () => {
    await browser.context.clearCookies()
    const page = await browser.context.newPage()
    const name = `Cierre e2e ${Date.now()}`
    try {
      await page.goto(server.url(mallBarrio.host, '/ingresar'), { waitUntil: 'load' })
      await signIn(page, accounts.editor)

      await page.getByTestId('main-nav').getByRole('link', { name: 'Biblioteca' }).click()
      await page.getByTestId('library-page').waitFor()
      await page.getByTestId('library-upload-open').click()
      await page.getByTestId('library-upload-file').setInputFiles({ name: 'cierre.wav', mimeType: 'audio/wav', buffer: toneWav() })
      await page.getByTestId('library-upload-name').fill(name)
      await page.getByTestId('library-upload-submit').click()

      const item = page.locator(`[data-message="${name}"]`).first()
      const schedule = item.getByTestId('message-schedule')
      await schedule.waitFor({ timeout: slowMs })
      await schedule.click()

      const dialog = page.getByRole('dialog')
      await dialog.getByTestId('schedule-kind-weekly').click()
      await dialog.getByTestId('schedule-new-time').fill('18:30')
      await dialog.getByTestId('schedule-add-time').click()
      assert.equal(
        (await dialog.getByTestId('schedule-summary').textContent()).trim(),
        'Resumen: Todos los días a las 09:00 y 18:30',
      )
      await dialog.getByTestId('schedule-submit').click()
      await dialog.getByTestId('schedule-done').waitFor({ timeout: slowMs })
      assert.match(await dialog.getByTestId('schedule-done').textContent(), /Todos los días a las 09:00 y 18:30/)
      await dialog.getByTestId('schedule-close').click()

      await page.getByTestId('main-nav').getByRole('link', { name: 'Programación' }).click()
      const row = page.locator(`[data-schedule="${name}"]`)
      await row.waitFor({ timeout: slowMs })
      assert.equal((await row.getByTestId('schedule-rule').textContent()).trim(), 'Todos los días a las 09:00 y 18:30')
      assert.match(await row.getByTestId('schedule-next').textContent(), /^\s*\d\d-\d\d-\d{4} (09:00|18:30)\s*$/)

      await page.getByTestId('schedules-tab-week').click()
      await page.getByTestId('week-calendar').waitFor()
      const items = page.locator(`[data-testid="calendar-item"][title*="${name}"]`)
      await items.first().waitFor({ timeout: slowMs })
      // Every day of the week shows the message at 09:00 and 18:30, except
      // times already past today, which the calendar no longer lists.
      const count = await items.count()
      assert.ok(count >= 12 && count <= 14, `expected 12 to 14 occurrences this week, got ${count}`)
      const days = page.locator('[data-testid="week-calendar"] [data-testid="calendar-day"]')
      assert.equal(await days.count(), 7)
      const lastDay = days.nth(6)
      assert.deepEqual(
        (await lastDay.locator(`[data-testid="calendar-item"][title*="${name}"]`).allTextContents()).map((text) => text.slice(0, 5)),
        ['09:00', '18:30'],
      )
      await screenshot(page, 'onair-week')
    } finally {
      await page.close()
    }
  })

  it('loads the play log with a CSV link that carries the filters', async () => {
    await browser.context.clearCookies()
    const page = await browser.context.newPage()
    try {
      await page.goto(server.url(mallBarrio.host, '/ingresar'), { waitUntil: 'load' })
      await signIn(page, accounts.editor)
      await page.getByTestId('main-nav').getByRole('link', { name: 'Reproducciones' }).click()
      await page.getByTestId('plays-page').waitFor()
      await page.getByTestId('empty-state').waitFor({ timeout: slowMs })

      const from = await page.getByTestId('plays-from').inputValue()
      const to = await page.getByTestId('plays-to').inputValue()
      assert.match(from, /^\d{4}-\d\d-\d\d$/)
      const exportLink = page.getByTestId('plays-export')
      assert.equal(await exportLink.getAttribute('href'), `/api/v1/plays/export?from=${from}&to=${to}`)

      await page.getByTestId('plays-source').selectOption('schedule')
      await page.getByTestId('plays-status').selectOption('missed')
      await page.getByTestId('plays-apply').click()
      await page.waitForFunction(
        () => document.querySelector('[data-testid="plays-export"]')?.getAttribute('href')?.includes('status=missed'),
      )
      const href = await exportLink.getAttribute('href')
      assert.equal(href, `/api/v1/plays/export?from=${from}&to=${to}&source=schedule&status=missed`)

      // Fetched from the page, which resolves *.localhost and sends the session cookies.
      const csv = await page.evaluate(async (url) => {
        const res = await fetch(url)
        return { status: res.status, type: res.headers.get('content-type'), text: await res.text() }
      }, href)
      assert.equal(csv.status, 200)
      assert.match(csv.type, /^text\/csv/)
      assert.match(csv.text.split('\n')[0], /^play_id,/)
      await screenshot(page, 'onair-plays')
    } finally {
      await page.close()
    }
  })
})
