// Browser test of the studio and the library against the real server: an
// editor writes a message, generates it with a local voice and a music bed,
// plays it over its waveform, saves it and finds it in the library's cards
// and list.
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

      const requests = []
      page.on('request', (request) => requests.push(new URL(request.url()).pathname))
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
      // The <audio> element does the playing behind the waveform, so it is not drawn itself.
      const player = page.getByTestId('spot-player')
      await player.waitFor({ state: 'attached', timeout: renderTimeoutMs })
      // The spot is downloaded once for its waveform and played from that download.
      await page.waitForFunction(() => document.querySelector('[data-testid="spot-player"]').src.startsWith('blob:'), null, {
        timeout: renderTimeoutMs,
      })
      const audioPath = requests.find((path) => /^\/api\/v1\/messages\/\d+\/audio$/.test(path))
      assert.ok(audioPath, 'the spot\'s audio is downloaded')
      assert.match(await page.getByTestId('spot-duration').textContent(), /^\d+:\d\d$/)
      assert.match(await page.getByTestId('spot-loudness').textContent(), /LUFS/)
      assert.ok(requests.includes('/api/v1/messages/events'), 'the studio listens to the event stream')
      const reads = requests.filter((path) => /^\/api\/v1\/messages\/\d+$/.test(path))
      assert.ok(reads.length <= 2, `the finished render is read once instead of polled (${reads.length} reads)`)

      await player.evaluate((audio) => audio.play())
      await page.waitForFunction(
        () => document.querySelector('[data-testid="spot-player"]').currentTime > 0.3,
        null,
        { timeout: renderTimeoutMs },
      )
      await player.evaluate((audio) => audio.pause())

      const waveform = page.getByTestId('studio-result').locator('[data-testid="waveform-player"][data-state="ready"]')
      await waveform.waitFor({ timeout: renderTimeoutMs })
      assert.equal(await waveform.getByTestId('waveform').getAttribute('data-bars'), '200')
      const heights = await waveform.getByTestId('waveform-bars').evaluate((path) =>
        [...path.getAttribute('d').matchAll(/v([\d.]+)/g)].map((match) => Number(match[1])),
      )
      assert.equal(heights.length, 200)
      assert.equal(Math.max(...heights), 100, 'the loudest bar fills the height')
      assert.ok(heights.filter((height) => height > 20).length > 50, 'speech and music show as bars')
      assert.ok(new Set(heights).size > 20, 'the bars follow the sound')

      const track = waveform.getByTestId('waveform-track')
      const box = await track.boundingBox()
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2)
      const seek = await player.evaluate((audio) => ({ at: audio.currentTime, duration: audio.duration }))
      assert.ok(Math.abs(seek.at - seek.duration / 2) < seek.duration * 0.05, `a click in the middle seeks there (${seek.at} of ${seek.duration})`)
      assert.equal(await waveform.getByTestId('waveform-playhead').count(), 1)
      await track.press('Home')
      assert.equal(await player.evaluate((audio) => audio.currentTime), 0)

      const toggle = waveform.getByTestId('waveform-toggle')
      await toggle.click()
      await page.waitForFunction(() => document.querySelector('[data-testid="spot-player"]').currentTime > 0.3, null, {
        timeout: renderTimeoutMs,
      })
      assert.equal(await toggle.getAttribute('aria-pressed'), 'true')
      await toggle.click()
      assert.equal(await player.evaluate((audio) => audio.paused), true)
      assert.equal(requests.filter((path) => path === audioPath).length, 1, 'the spot is downloaded once')
      await screenshot(page, 'studio')

      await page.getByTestId('studio-save-name').fill(name)
      await page.getByTestId('studio-save-category').selectOption({ index: 1 })
      const categoryOption = (await page.getByTestId('studio-save-category').locator('option').nth(1).textContent()).trim()
      await page.getByTestId('studio-save').click()
      await page.getByTestId('studio-saved').waitFor({ timeout: renderTimeoutMs })

      await page.getByTestId('main-nav').getByRole('link', { name: 'Biblioteca' }).click()
      await page.getByTestId('library-page').waitFor()
      await page.getByTestId('library-search').fill(name)
      const card = page.getByTestId('library-grid').locator(`[data-message="${name}"]`)
      await card.waitFor({ timeout: renderTimeoutMs })
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="library-grid"] [data-testid="library-card"]').length === 1, null, {
        timeout: renderTimeoutMs,
      })
      const categoryShown = (await card.getByTestId('library-card-category').locator('.truncate').textContent()).trim()
      assert.ok(categoryShown && categoryOption.endsWith(categoryShown), `the card names the category (${categoryShown})`)
      assert.equal(await card.locator('[data-testid="library-download"]').count(), 1)
      await card.getByTestId('waveform-toggle').click()
      await card.locator('[data-testid="waveform-player"][data-state="ready"]').waitFor({ timeout: renderTimeoutMs })
      await page.waitForFunction(
        (message) => document.querySelector(`[data-message="${message}"] [data-testid="library-player"]`).currentTime > 0.3,
        name,
        { timeout: renderTimeoutMs },
      )
      assert.match(await card.getByTestId('library-player').getAttribute('src'), /^blob:/)
      await card.getByTestId('waveform-toggle').click()
      await screenshot(page, 'library')

      await page.getByTestId('library-layout-list').click()
      const row = page.getByTestId('library-table').locator(`[data-message="${name}"]`)
      await row.waitFor()
      assert.equal(await page.locator('[data-testid="library-table"] tbody tr').count(), 1)
      assert.equal(await row.locator('[data-testid="library-download"]').count(), 1)
      await page.reload({ waitUntil: 'load' })
      await page.getByTestId('library-table').waitFor({ timeout: renderTimeoutMs })
      assert.equal(await page.getByTestId('library-layout-list').getAttribute('aria-pressed'), 'true')
      await screenshot(page, 'library-list')
    } finally {
      await page.close()
    }
  })
})
