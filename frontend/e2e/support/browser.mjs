// Launches Debian's Chromium through playwright-core with a fresh profile.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

import { chromium } from 'playwright-core'

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** launchBrowser starts Chromium with a new user data dir, removed by close(). */
export async function launchBrowser({ viewport = { width: 1280, height: 900 }, extraArgs = [] } = {}) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'mediaflow-chromium-'))
  let context
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: [...chromiumFlags, ...extraArgs],
      viewport,
    })
  } catch (err) {
    rmSync(userDataDir, { recursive: true, force: true })
    throw new Error(`could not start ${chromiumPath}: ${err.message}`)
  }

  return {
    context,
    close: async () => {
      await context.close().catch(() => {})
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}
