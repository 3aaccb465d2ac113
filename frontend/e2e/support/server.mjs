// Starts the real MediaFlow binary for browser tests on a free loopback port
// with a throwaway data directory, and stops it again.
import { execFile, spawn } from 'node:child_process'
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const startupTimeoutMs = 60_000
const stopTimeoutMs = 10_000
const commandTimeoutMs = 60_000
const keptLogLines = 60

/** The host name the platform console answers on in these tests. */
export const platformHost = 'platform.localhost'

/** serverBinary returns $MEDIAFLOW_BIN, failing with instructions when it is unusable. */
export function serverBinary() {
  const bin = process.env.MEDIAFLOW_BIN
  if (!bin) {
    throw new Error(
      'MEDIAFLOW_BIN is not set. Build the server and point the tests at it, e.g.\n' +
        '  (cd .. && go build -o /tmp/mediaflow .) && MEDIAFLOW_BIN=/tmp/mediaflow npm run test:e2e',
    )
  }
  try {
    accessSync(bin, constants.X_OK)
  } catch {
    throw new Error(`MEDIAFLOW_BIN=${bin} is not an executable file`)
  }
  return bin
}

/** freePort asks the kernel for an unused TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.unref()
    probe.on('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address()
      probe.close(() => resolve(port))
    })
  })
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms))

/**
 * runCli runs one `$MEDIAFLOW_BIN ...` command with the given environment and
 * fails with its output when it exits non-zero.
 */
export function runCli(bin, args, env) {
  return new Promise((resolve, reject) => {
    execFile(bin, args, { env, timeout: commandTimeoutMs }, (err, stdout, stderr) => {
      if (err) {
        reject(new Error(`mediaflow ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`))
        return
      }
      resolve(stdout)
    })
  })
}

/**
 * startServer runs `$MEDIAFLOW_BIN serve --demo` and resolves once /healthz
 * answers 200. `seed(run)` runs first, in the same environment (data
 * directory and all), and may call `run(...args)` for CLI commands such as
 * `migrate up` or `user create`. The returned stop() is safe to call more
 * than once.
 */
export async function startServer({ seed } = {}) {
  const bin = serverBinary()
  const port = await freePort()
  const dataDir = mkdtempSync(join(tmpdir(), 'mediaflow-e2e-'))
  const log = []
  const remember = (chunk) => {
    log.push(...chunk.toString().split('\n').filter(Boolean))
    log.splice(0, Math.max(0, log.length - keptLogLines))
  }
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    APP_ENV: 'development',
    PLATFORM_HOST: platformHost,
  }

  if (seed) {
    try {
      await seed((...args) => runCli(bin, args, env))
    } catch (err) {
      rmSync(dataDir, { recursive: true, force: true })
      throw err
    }
  }

  const child = spawn(bin, ['serve', '--demo'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  child.stdout.on('data', remember)
  child.stderr.on('data', remember)
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })))
  let running = true
  exited.then(() => (running = false))

  // Last resort if the test process ends without running its hooks.
  const killOnExit = () => {
    if (running) signalGroup(child, 'SIGKILL')
    rmSync(dataDir, { recursive: true, force: true })
  }
  process.once('exit', killOnExit)

  let stopped = false
  const stop = async () => {
    if (stopped) return
    stopped = true
    process.removeListener('exit', killOnExit)
    if (running) {
      signalGroup(child, 'SIGTERM')
      const timedOut = await Promise.race([exited.then(() => false), sleep(stopTimeoutMs).then(() => true)])
      if (timedOut) {
        signalGroup(child, 'SIGKILL')
        await exited
      }
    }
    rmSync(dataDir, { recursive: true, force: true })
  }

  const origin = `http://127.0.0.1:${port}`
  try {
    await waitForHealth(origin, () => running, () => log.join('\n'))
  } catch (err) {
    await stop()
    throw err
  }

  return {
    port,
    /** url returns the address of path on the given host, e.g. url('demo.localhost', '/'). */
    url: (host, path = '/') => `http://${host}:${port}${path}`,
    log: () => log.join('\n'),
    stop,
  }
}

function signalGroup(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    try {
      child.kill(signal)
    } catch {
      // Already gone.
    }
  }
}

async function waitForHealth(origin, isRunning, recentLog) {
  const deadline = Date.now() + startupTimeoutMs
  let lastProblem = 'no answer yet'
  while (Date.now() < deadline) {
    if (!isRunning()) {
      throw new Error(`the server exited before becoming healthy. Its last output:\n${recentLog()}`)
    }
    try {
      const res = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2_000) })
      if (res.status === 200) return
      lastProblem = `HTTP ${res.status}`
    } catch (err) {
      lastProblem = err.cause?.code ?? err.message
    }
    await sleep(250)
  }
  throw new Error(
    `the server did not answer ${origin}/healthz with 200 within ${startupTimeoutMs / 1000} s ` +
      `(last: ${lastProblem}). Its last output:\n${recentLog()}`,
  )
}
