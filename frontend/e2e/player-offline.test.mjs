// Browser test of the player page through a network loss: a kiosk knows a
// scheduled spot from its agenda, loses its live channel before the spot's
// time (plain HTTP still works, so its audio is cached), plays the spot on
// time by itself, and once the channel is back reports it, so the proof of
// play shows it played when it was heard, and the server's replay of it is
// not heard a second time.
//
//   MEDIAFLOW_BIN=/tmp/mediaflow node --test e2e/player-offline.test.mjs
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { accounts, mallBarrio, signIn } from './support/accounts.mjs'
import { api, expectStatus, renderSpot, until } from './support/api.mjs'
import { screenshot } from './support/screenshots.mjs'
import { useKioskSetup } from './support/kiosk.mjs'

const connectTimeoutMs = 60_000
// The occurrence is put this far ahead at least, enough to reload the kiosk
// and cut its channel before it comes.
const leadMs = 25_000
// How late after its time the kiosk may start hearing the spot, and how far
// the recorded start may be from it.
const onTimeMs = 5_000
// The kiosk retries a lost channel at most every 12 s.
const reconnectTimeoutMs = 30_000

const agendaKey = 'mediaflow.player.agenda'
const occurrencesKey = 'mediaflow.player.occurrences'
const offlineKey = 'mediaflow.player.offline'
const outboxKey = 'mediaflow.player.outbox'

/**
 * localMinute writes the instant as the wall-clock minute of the time zone,
 * "YYYY-MM-DDTHH:MM", as a `once` schedule takes it.
 */
function localMinute(instant, timeZone) {
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  })
  const part = Object.fromEntries(format.formatToParts(new Date(instant)).map(({ type, value }) => [type, value]))
  return `${part.year}-${part.month}-${part.day}T${part.hour}:${part.minute}`
}

/** nextMinute is the first whole minute at least leadMs from now, in ms since the epoch. */
function nextMinute() {
  return Math.ceil((Date.now() + leadMs) / 60_000) * 60_000
}

/** stored reads a JSON list the player page keeps in localStorage ([] when absent). */
async function stored(page, key) {
  return page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? '[]'), key)
}

/**
 * countAnnouncements makes the page count the announcements that began to be
 * heard: each one plays from an object URL of its own, so distinct sources
 * are distinct plays, however often one of them pauses to buffer.
 */
async function countAnnouncements(page) {
  await page.waitForFunction(() => window.__mediaflowPlayer?.announcement())
  await page.evaluate(() => {
    const heard = new Set()
    window.__announcementsHeard = heard
    window.__mediaflowPlayer.announcement().addEventListener('playing', (event) => heard.add(event.target.currentSrc))
  })
}

/** schedulePlays lists the proof of play of one schedule at one player. */
async function schedulePlays(admin, scheduleId, playerId) {
  const listed = expectStatus(
    await api(admin, 'GET', `/api/v1/plays?source=schedule&player_id=${playerId}&per_page=500`),
    200,
    'list scheduled plays',
  )
  return listed.plays.filter((p) => p.schedule_id === scheduleId)
}

describe('player page through a network loss', () => {
  const setup = useKioskSetup()

  it('plays a scheduled spot on time without its live channel and reports it once the channel is back', async () => {
    const admin = await setup.adminBrowser.context.newPage()
    const kiosk = await setup.kioskBrowser.context.newPage()
    // The live channel reaches the server only while it is up; while it is
    // down every attempt is refused at once. HTTP is left alone.
    const channel = { up: true, refused: 0 }
    await kiosk.routeWebSocket('**/ws/player', (ws) => {
      if (channel.up) {
        ws.connectToServer()
        return
      }
      channel.refused++
      ws.close()
    })
    try {
      await admin.goto(setup.server.url(mallBarrio.host, '/ingresar'), { waitUntil: 'load' })
      await signIn(admin, accounts.admin)
      const { timezone } = expectStatus(await api(admin, 'GET', '/api/v1/config/tenant'), 200, 'tenant config')
      assert.ok(timezone, 'the tenant has a time zone')

      const player = expectStatus(
        await api(admin, 'POST', '/api/v1/players', { name: 'Acceso norte', zone: 'Nivel 1' }),
        201,
        'create player',
      )
      const pairing = expectStatus(
        await api(admin, 'POST', `/api/v1/players/${player.id}/pairing-code`),
        200,
        'pairing code',
      )
      await kiosk.goto(setup.server.url(mallBarrio.host, '/reproductor'), { waitUntil: 'load' })
      await kiosk.getByTestId('pair-code').fill(pairing.code)
      await kiosk.getByTestId('pair-submit').click()
      await kiosk.locator('[data-testid="player-status"][data-status="connected"]').waitFor({ timeout: connectTimeoutMs })

      const spot = await renderSpot(admin, 'Estimados clientes, el estacionamiento cierra en diez minutos.')
      const target = nextMinute()
      const at = localMinute(target, timezone)
      const schedule = expectStatus(
        await api(admin, 'POST', '/api/v1/schedules', {
          message_id: spot.id,
          name: 'Cierre del estacionamiento',
          kind: 'once',
          at,
          priority: 3,
          targets: { player_ids: [player.id] },
        }),
        201,
        'create schedule',
      )
      assert.equal(
        schedule.next_run_at && Date.parse(schedule.next_run_at),
        target,
        `a once schedule at ${at} in ${timezone} runs at ${new Date(target).toISOString()}: ${JSON.stringify(schedule)}`,
      )

      // The network goes: the page restarts without a live channel and
      // fetches its configuration, and so its agenda, over HTTP.
      channel.up = false
      await kiosk.reload({ waitUntil: 'load' })
      await kiosk.getByTestId('player-begin').click()
      await countAnnouncements(kiosk)
      const known = await until(
        async () => (await stored(kiosk, agendaKey)).find((item) => item.schedule_id === schedule.id),
        connectTimeoutMs,
        'the kiosk to have the occurrence in its agenda',
      )
      assert.equal(Date.parse(known.at), target, `the agenda lists the occurrence at its instant: ${JSON.stringify(known)}`)
      assert.ok(Date.now() < target - 2_000, `the kiosk was ready ${target - Date.now()} ms before the occurrence`)
      assert.ok(channel.refused > 0, 'the kiosk tried its live channel and was refused')
      assert.notEqual(await kiosk.getByTestId('player-status').getAttribute('data-status'), 'connected')

      // At its time the kiosk plays the spot by itself, under a play ID of its own.
      const heard = await (
        await kiosk.waitForFunction(
          () => {
            const probe = window.__mediaflowPlayer
            const audio = probe.announcement()
            const state = probe.state()
            if (!state.current || audio.paused || audio.currentTime < 0.2) return null
            return { now: Date.now(), time: audio.currentTime, playId: state.current.playId, connection: state.connection }
          },
          null,
          { timeout: target - Date.now() + onTimeMs + 10_000, polling: 100 },
        )
      ).jsonValue()
      assert.ok(heard.playId < 0, `the kiosk plays its own occurrence, not a server play: ${JSON.stringify(heard)}`)
      assert.notEqual(heard.connection, 'connected', 'the live channel is down while the spot plays')
      const late = heard.now - target
      assert.ok(late >= 0 && late <= onTimeMs, `the spot was heard ${late} ms after its time`)
      await screenshot(kiosk, 'player-offline')
      await kiosk.waitForFunction(
        (before) => (window.__mediaflowPlayer.announcement()?.currentTime ?? 0) > before + 0.5,
        heard.time,
        { timeout: 10_000, polling: 100 },
      )
      await kiosk.waitForFunction(() => window.__mediaflowPlayer.state().current === null, null, {
        timeout: spot.duration_seconds * 1000 + 15_000,
        polling: 100,
      })

      const reports = (await stored(kiosk, offlineKey)).filter((r) => r.schedule_id === schedule.id)
      assert.equal(reports.length, 1, `one offline report waits to be sent: ${JSON.stringify(reports)}`)
      assert.equal(reports[0].status, 'finished', JSON.stringify(reports[0]))
      const local = (await stored(kiosk, occurrencesKey)).find((r) => r.schedule_id === schedule.id)
      assert.equal(local?.by, 'local', `the kiosk recorded the occurrence as its own: ${JSON.stringify(local)}`)

      // The server fired the occurrence meanwhile, but heard nothing of it.
      const fired = await until(
        async () => (await schedulePlays(admin, schedule.id, player.id))[0],
        10_000,
        'the server to record the scheduled play',
      )
      assert.equal(fired.status, 'pending', `before the channel is back: ${JSON.stringify(fired)}`)

      // The network comes back: the kiosk reconnects, reports what it played,
      // and answers the server's replay of the play with its own times.
      channel.up = true
      await kiosk.locator('[data-testid="player-status"][data-status="connected"]').waitFor({ timeout: reconnectTimeoutMs })
      await until(
        () => kiosk.evaluate((keys) => keys.every((key) => localStorage.getItem(key) === null), [offlineKey, outboxKey]),
        reconnectTimeoutMs,
        'the server to confirm the offline report and acknowledgements',
      )

      const plays = await schedulePlays(admin, schedule.id, player.id)
      assert.equal(plays.length, 1, `one scheduled play at the kiosk: ${JSON.stringify(plays)}`)
      const play = plays[0]
      assert.equal(play.status, 'played', JSON.stringify(play))
      assert.ok(play.started_at && play.finished_at, `the play has its times: ${JSON.stringify(play)}`)
      const startedLate = Date.parse(play.started_at) - target
      assert.ok(
        startedLate >= 0 && startedLate <= onTimeMs,
        `the proof of play starts ${startedLate} ms after the occurrence: ${JSON.stringify(play)}`,
      )
      assert.equal(play.started_at && Date.parse(play.started_at), Date.parse(local.started_at), 'recorded as the kiosk heard it')
      assert.ok(Date.parse(play.finished_at) > Date.parse(play.started_at), 'it finished after it started')

      const settled = await kiosk.evaluate(() => ({
        heard: window.__announcementsHeard.size,
        current: window.__mediaflowPlayer.state().current,
        pending: window.__mediaflowPlayer.state().pending.length,
      }))
      assert.deepEqual(settled, { heard: 1, current: null, pending: 0 }, 'the spot was heard once, the replay was not played')
    } finally {
      await kiosk.close()
      await admin.close()
    }
  })
})
