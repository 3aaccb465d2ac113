// Talking to the JSON API from a signed-in page, and waiting for outcomes,
// for the browser tests that drive the server directly.
import assert from 'node:assert/strict'

/** How long a spot with a local voice may take to render. */
export const renderTimeoutMs = 90_000

/**
 * api sends a request from the signed-in page with its cookies and the CSRF
 * header, as the web app does, and returns the status and decoded body.
 */
export async function api(page, method, path, body) {
  return page.evaluate(
    async ({ method, path, body }) => {
      const csrf = document.cookie
        .split(';')
        .map((part) => part.trim().split('='))
        .find(([name]) => name === 'mf_csrf')?.[1]
      const headers = { Accept: 'application/json' }
      if (body !== undefined) headers['Content-Type'] = 'application/json'
      if (csrf) headers['X-CSRF-Token'] = decodeURIComponent(csrf)
      const res = await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      const text = await res.text()
      let json = null
      try {
        json = text ? JSON.parse(text) : null
      } catch {
        json = text
      }
      return { status: res.status, body: json }
    },
    { method, path, body },
  )
}

/** expectStatus fails with the server's answer when the status is not the one expected. */
export function expectStatus(res, status, what) {
  assert.equal(res.status, status, `${what}: HTTP ${res.status} ${JSON.stringify(res.body)}`)
  return res.body
}

/** until polls check() until it returns a truthy value, or fails after timeoutMs. */
export async function until(check, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs
  let last
  while (Date.now() < deadline) {
    last = await check()
    if (last) return last
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`timed out waiting for ${what}`)
}

/** renderSpot creates a message with a local voice and waits until it is ready. */
export async function renderSpot(page, text) {
  const voices = expectStatus(await api(page, 'GET', '/api/v1/voices'), 200, 'list voices').items
  const voice = voices.find((v) => v.provider === 'local' && v.active !== false)
  assert.ok(voice, 'a local voice is offered')
  const created = expectStatus(
    await api(page, 'POST', '/api/v1/messages', { text, voice_id: voice.id }),
    202,
    'create message',
  )
  return until(
    async () => {
      const message = expectStatus(await api(page, 'GET', `/api/v1/messages/${created.id}`), 200, 'get message')
      assert.notEqual(message.status, 'failed', `render failed: ${message.error_code} ${message.error_message}`)
      return message.status === 'ready' ? message : null
    },
    renderTimeoutMs,
    'the message to render',
  )
}
