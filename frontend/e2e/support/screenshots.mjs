import { join } from 'node:path'

/**
 * screenshot saves a full-page PNG as $E2E_SCREENSHOT_DIR/<prefix><name>.png
 * when E2E_SCREENSHOT_DIR is set (prefix: $E2E_SCREENSHOT_PREFIX, "shot-").
 */
export async function screenshot(page, name) {
  const dir = process.env.E2E_SCREENSHOT_DIR
  if (!dir) return
  const prefix = process.env.E2E_SCREENSHOT_PREFIX ?? 'shot-'
  await page.screenshot({ path: join(dir, `${prefix}${name}.png`), fullPage: true })
}
