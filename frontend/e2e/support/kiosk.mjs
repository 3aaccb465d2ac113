// The two browsers of a player test, against one demo server: the admin's,
// and the kiosk's, which shares no cookies with it and may start sound
// without waiting for a gesture (the click on Vincular is one anyway, but a
// headless browser has no speakers to unlock).
import { after, before } from 'node:test'

import { seedAccounts } from './accounts.mjs'
import { launchBrowser } from './browser.mjs'
import { startServer } from './server.mjs'

/**
 * useKioskSetup starts the server and both browsers before the suite's
 * tests and stops them after; the returned object holds them meanwhile.
 */
export function useKioskSetup() {
  const setup = {}
  before(async () => {
    setup.server = await startServer({ seed: seedAccounts })
    setup.adminBrowser = await launchBrowser()
    setup.kioskBrowser = await launchBrowser({ extraArgs: ['--autoplay-policy=no-user-gesture-required'] })
  })
  after(async () => {
    await setup.kioskBrowser?.close()
    await setup.adminBrowser?.close()
    await setup.server?.stop()
  })
  return setup
}
