// Browser test of the audio settings against the real server: the admin
// teaches the voice how to say a brand, saves, finds the word again after a
// reload and hears it in the pronunciation preview.
//
//   MEDIAFLOW_BIN=/tmp/mediaflow npm run test:e2e
import assert from 'node:assert/strict'
import { after, before, describe, it } from 'node:test'

import { accounts, mallBarrio, seedAccounts, signIn } from './support/accounts.mjs'
import { launchBrowser } from './support/browser.mjs'
import { screenshot } from './support/screenshots.mjs'
import { startServer } from './support/server.mjs'

describe('audio settings', () => {
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

  it('lets the admin add a pronunciation that survives a reload and shows in the preview', async () => {
    const page = await browser.context.newPage()
    try {
      await page.goto(server.url(mallBarrio.host, '/ingresar?volver=/configuracion'), { waitUntil: 'load' })
      await signIn(page, accounts.admin)

      await page.getByTestId('settings-nav').getByRole('link', { name: 'Audio' }).click()
      await page.getByTestId('audio-settings-form').waitFor()
      assert.equal(new URL(page.url()).pathname, '/configuracion/audio')
      assert.equal(await page.locator('[data-written="Hyundai"]').count(), 0)

      await page.getByTestId('lexicon-add').click()
      const row = page.getByTestId('lexicon-row').last()
      await row.getByTestId('lexicon-written').fill('Hyundai')
      await row.getByTestId('lexicon-spoken').fill('jiundái')
      await page.getByTestId('audio-settings-save').click()
      await page.getByTestId('audio-settings-notice').waitFor()
      assert.equal((await page.getByTestId('audio-settings-notice').textContent()).trim(), 'Guardamos los ajustes de audio.')

      await page.reload({ waitUntil: 'load' })
      const saved = page.locator('[data-written="Hyundai"]')
      await saved.waitFor()
      assert.equal(await saved.getByTestId('lexicon-spoken').inputValue(), 'jiundái')

      await page.getByTestId('speech-preview-text').fill('Gran oferta Hyundai hoy')
      await page.getByTestId('speech-preview-submit').click()
      const result = page.getByTestId('speech-preview-result')
      await result.waitFor()
      const spoken = (await result.textContent()).trim()
      assert.match(spoken, /jiundái/)
      assert.doesNotMatch(spoken, /Hyundai/)
      await screenshot(page, 'audio-settings')
    } finally {
      await page.close()
    }
  })
})
