// The player page's parts as the browser provides them.

import type { InjectionKey } from 'vue'

import { browserStorage } from '../storage'
import { createAudioLoader } from './audioCache'
import { PlayerController } from './controller'
import { loadCredential } from './credential'
import { WebAudioEngine, type PlayerEngine } from './engine'
import { LiveChannel, liveUrl } from './live'

/** What browser tests and diagnostics can read from a running player page. */
export interface PlayerProbe {
  /** The music's gain, 1 at the normal level. */
  musicGain(): number
  /** The element announcements play in. */
  announcement(): HTMLAudioElement | null
  /** The view as plain data, with the position in the music bed (musicTime, seconds). */
  state(): ReturnType<PlayerController['snapshot']> & { musicTime: number }
}

declare global {
  interface Window {
    __mediaflowPlayer?: PlayerProbe
  }
}

/** createBrowserController builds a controller over Web Audio, fetch, WebSocket and localStorage. */
export function createBrowserController(): { controller: PlayerController; probe: PlayerProbe } {
  const storage = browserStorage()
  const loader = createAudioLoader({ token: () => loadCredential(storage)?.token ?? null })
  let controller: PlayerController | null = null
  const engine: PlayerEngine = new WebAudioEngine({ loader, onTrack: (track) => controller?.showTrack(track) })
  controller = new PlayerController({
    storage,
    engine,
    loader,
    fetcher: (input, init) => fetch(input, init),
    createLive: (token, outbox, handlers) => new LiveChannel({ url: liveUrl(window.location), token, outbox, handlers }),
  })
  const running = controller
  const probe: PlayerProbe = {
    musicGain: () => engine.musicGain(),
    announcement: () => engine.announcement(),
    state: () => ({ ...running.snapshot(), musicTime: engine.musicTime() }),
  }
  return { controller: running, probe }
}

/** PlayerFactory builds the player page's controller and its probe. */
export type PlayerFactory = typeof createBrowserController

/** Tests provide their own factory under this key. */
export const playerFactoryKey: InjectionKey<PlayerFactory> = Symbol('player-factory')
