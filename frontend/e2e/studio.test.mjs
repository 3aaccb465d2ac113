// Browser test of the studio and the library against the real server: an
// editor writes a message, generates it with a local voice and a music bed,
// plays it, saves it and finds it in the library.
//
//   MEDIAFLOW_BIN=/tmp/mediaflow npm run test:e2e
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { accounts, mallBarrio, seedAccounts, signIn } from './support/accounts.mjs'
import { launchBrowser } from './support/browser.mjs'
import { screenshot } from './support/screenshots.mjs'
import { startServer } from './support/server.mjs'

const renderTimeoutMs = 60_000

describe('studio and library', () => {
  let server
  let browser

  before(async () => {
    server = await startServer({ seed: seedAccounts })
    browser = await launchBrowser({ extraArgs: ['--autoplay-policy=no-user-gesture-required'] })
  })

  after(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('lets an editor generate, play, save and find a spot', async () => {
    const page = await browser.context.newPage()
    const name = `Oferta e2e ${Date.now()}`
    try {
      await page.goto(server.url(mallBarrio.host, '/ingresar'), { waitUntil: 'load' })
      await signIn(page, accounts.editor)

      await page.getByTestId('main-nav').getByRole('link', { name: 'Estudio' }).click()
      await page.getByTestId('studio-form').waitFor()

      await page.getByTestId('studio-text').fill('Estimados clientes, hoy zapatillas a $19.990 hasta las 20:00 horas.')
      assert.equal((await page.getByTestId('studio-count').textContent()).trim(), '67 / 2000 caracteres')
      await page.getByTestId('studio-spoken').waitFor({ timeout: renderTimeoutMs })
      assert.match(await page.getByTestId('studio-spoken').textContent(), /diecinueve mil/)

      const voice = page.getByTestId('studio-voice')
      const localVoice = await voice.locator('option[data-provider="local"]').first().getAttribute('value')
      assert.ok(localVoice, 'a local voice is offered')
      await voice.selectOption(localVoice)
      const music = page.getByTestId('studio-music')
      const firstBed = await music.locator('option').nth(1).getAttribute('value')
      await music.selectOption(firstBed)

      await page.getByTestId('studio-generate').click()
      const player = page.getByTestId('spot-player')
      await player.waitFor({ timeout: renderTimeoutMs })
      assert.match(await player.getAttribute('src'), /^\/api\/v1\/messages\/\d+\/audio$/)
      assert.match(await page.getByTestId('spot-duration').textContent(), /^\d+:\d\d$/)
      assert.match(await page.getByTestId('spot-loudness').textContent(), /LUFS/)

      await player.evaluate((audio) => audio.play())
      await page.waitForFunction(
        () => document.querySelector('[data-testid="spot-player"]').currentTime > 0.3,
        null,
        { timeout: renderTimeoutMs },
      )
      await player.evaluate((audio) => audio.pause())
      await screenshot(page, 'studio')

      await page.getByTestId('studio-save-name').fill(name)
      await page.getByTestId('studio-save-category').selectOption({ index: 1 })
      await page.getByTestId('studio-save').click()
      await page.getByTestId('studio-saved').waitFor({ timeout: renderTimeoutMs })

      await page.getByTestId('main-nav').getByRole('link', { name: 'Biblioteca' }).click()
      await page.getByTestId('library-page').waitFor()
      await page.getByTestId('library-search').fill(name)
      const row = page.locator(`[data-message="${name}"]`)
      await row.waitFor({ timeout: renderTimeoutMs })
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="library-table"] tbody tr').length === 1, null, {
        timeout: renderTimeoutMs,
      })
      assert.equal(await row.locator('[data-testid="library-download"]').count(), 1)
      await screenshot(page, 'library')
    } finally {
      await page.close()
    }
  })
})
