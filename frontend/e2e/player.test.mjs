// Browser test of the player page against the real server: an admin adds a
// player and asks for a pairing code, a kiosk pairs with it and plays the
// music, the admin sends a spot, and the kiosk ducks the music, plays the
// spot and reports it, so the proof of play shows it played. After a reload
// it starts again on one click; revoked, it goes back to the pairing screen.
//
//   MEDIAFLOW_BIN=/tmp/mediaflow npm run test:e2e
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { accounts, mallBarrio, signIn } from './support/accounts.mjs'
import { api, expectStatus, renderSpot, until } from './support/api.mjs'
import { screenshot } from './support/screenshots.mjs'
import { useKioskSetup } from './support/kiosk.mjs'

const playTimeoutMs = 60_000

describe('player page', () => {
  const setup = useKioskSetup()

  it('pairs, plays the music, ducks it under a spot, reports it played, and obeys a revocation', async () => {
    const admin = await setup.adminBrowser.context.newPage()
    const kiosk = await setup.kioskBrowser.context.newPage()
    try {
      await admin.goto(setup.server.url(mallBarrio.host, '/ingresar'), { waitUntil: 'load' })
      await signIn(admin, accounts.admin)

      const player = expectStatus(
        await api(admin, 'POST', '/api/v1/players', { name: 'Patio de comidas', zone: 'Nivel 2' }),
        201,
        'create player',
      )
      const pairing = expectStatus(
        await api(admin, 'POST', `/api/v1/players/${player.id}/pairing-code`),
        200,
        'pairing code',
      )
      assert.match(pairing.code, /^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/)

      await kiosk.goto(setup.server.url(mallBarrio.host, '/reproductor'), { waitUntil: 'load' })
      await kiosk.getByTestId('pair-form').waitFor()
      assert.equal(await kiosk.getByTestId('app-header').count(), 0, 'the kiosk has no app header')
      // Typed the way a person might: lower case, with a space for the dash.
      await kiosk.getByTestId('pair-code').pressSequentially(pairing.code.toLowerCase().replace('-', ' '))
      assert.equal(await kiosk.getByTestId('pair-code').inputValue(), pairing.code)
      await screenshot(kiosk, 'player-pairing')
      await kiosk.getByTestId('pair-submit').click()

      await kiosk.locator('[data-testid="player-status"][data-status="connected"]').waitFor({ timeout: playTimeoutMs })
      assert.equal((await kiosk.getByTestId('player-name').textContent()).trim(), 'Patio de comidas')
      assert.equal((await kiosk.getByTestId('player-zone').textContent()).trim(), 'Zona Nivel 2')
      const stored = await kiosk.evaluate(() => JSON.parse(localStorage.getItem('mediaflow.player')))
      assert.match(stored.token, /^mfp_/)
      assert.equal(stored.player.id, player.id)

      // Music plays at its normal level.
      await kiosk.waitForFunction(() => window.__mediaflowPlayer?.state().musicTime > 0.5, null, { timeout: playTimeoutMs })
      assert.equal(await kiosk.evaluate(() => window.__mediaflowPlayer.musicGain()), 1)
      assert.equal(await kiosk.getByTestId('now-playing').getAttribute('data-kind'), 'music')

      const listed = expectStatus(await api(admin, 'GET', '/api/v1/players'), 200, 'list players')
      assert.equal(listed.players.find((p) => p.id === player.id)?.paired, true)

      const spot = await renderSpot(admin, 'Estimados clientes, el patio de comidas atiende hasta las 22:00 horas.')
      const delivery = expectStatus(
        await api(admin, 'POST', `/api/v1/messages/${spot.id}/play`, { targets: { all: true }, priority: 4 }),
        202,
        'play message',
      )
      const sent = delivery.plays.find((p) => p.player_id === player.id)
      assert.ok(sent, `the delivery has a play for the player: ${JSON.stringify(delivery)}`)

      // The spot plays while the music is ducked under it.
      const heard = await kiosk.waitForFunction(
        () => {
          const probe = window.__mediaflowPlayer
          const audio = probe?.announcement()
          if (!audio || audio.paused || audio.currentTime < 0.5) return null
          return { time: audio.currentTime, gain: probe.musicGain() }
        },
        null,
        { timeout: playTimeoutMs },
      )
      const early = await heard.jsonValue()
      assert.ok(early.gain < 0.5, `music ducked under the spot (gain ${early.gain})`)
      assert.equal(await kiosk.getByTestId('now-playing').getAttribute('data-kind'), 'announcement')
      await screenshot(kiosk, 'player-running')
      const later = await (
        await kiosk.waitForFunction(
          (before) => {
            const probe = window.__mediaflowPlayer
            const time = probe.announcement()?.currentTime ?? 0
            return time > before + 0.5 ? { time, gain: probe.musicGain() } : null
          },
          early.time,
          { timeout: playTimeoutMs },
        )
      ).jsonValue()
      assert.ok(later.gain < 0.5, `music still ducked as the spot goes on (gain ${later.gain})`)

      // When the spot ends, the music comes back.
      await kiosk.waitForFunction(() => window.__mediaflowPlayer.state().current === null, null, {
        timeout: spot.duration_seconds * 1000 + playTimeoutMs,
      })
      await kiosk.waitForFunction(() => window.__mediaflowPlayer.musicGain() > 0.99, null, { timeout: 10_000 })

      const play = await until(
        async () => {
          const report = expectStatus(
            await api(admin, 'GET', `/api/v1/plays?message_id=${spot.id}&player_id=${player.id}`),
            200,
            'list plays',
          )
          const found = report.plays.find((p) => p.id === sent.id)
          return found && found.status !== 'pending' && found.status !== 'received' && found.status !== 'started' ? found : null
        },
        playTimeoutMs,
        'the play to reach an outcome',
      )
      assert.equal(play.status, 'played', JSON.stringify(play))
      assert.ok(play.started_at, 'the play has started_at')
      assert.ok(play.finished_at, 'the play has finished_at')
      assert.ok(Date.parse(play.finished_at) > Date.parse(play.started_at), 'it finished after it started')

      // After a reload the page keeps its credential and waits for a click to make sound.
      await kiosk.reload({ waitUntil: 'load' })
      await kiosk.getByTestId('player-begin').click()
      await kiosk.locator('[data-testid="player-status"][data-status="connected"]').waitFor({ timeout: playTimeoutMs })
      await kiosk.waitForFunction(() => window.__mediaflowPlayer?.state().musicTime > 0.5, null, { timeout: playTimeoutMs })

      // Revoked by the admin, the kiosk forgets its credential and asks for a new code.
      expectStatus(await api(admin, 'POST', `/api/v1/players/${player.id}/revoke`), 204, 'revoke player')
      await kiosk.getByTestId('pair-lost').waitFor({ timeout: playTimeoutMs })
      assert.equal(await kiosk.evaluate(() => localStorage.getItem('mediaflow.player')), null)
      assert.equal(await kiosk.evaluate(() => window.__mediaflowPlayer.state().music), null, 'the music stopped')
    } finally {
      await kiosk.close()
      await admin.close()
    }
  })
})
