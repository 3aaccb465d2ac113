// Audio files for the player, fetched with its credential and kept in Cache
// Storage, so music and announcements keep playing through short outages and
// scheduled spots are already there when their time comes.

import { deviceFetch, errorOf, type DeviceFetch } from './deviceApi'

/** The Cache Storage bucket of the player page; the suffix changes with its layout. */
export const audioCacheName = 'mediaflow-player-v1'

// Music beds can be large; a slow sound-room connection needs time.
const audioTimeoutMs = 120_000

/** AudioLoader hands out audio files as Blobs, from the cache when it can. */
export interface AudioLoader {
  /** load returns the file at url, fetching and caching it when it is not cached. */
  load(url: string): Promise<Blob>
  /** prefetch caches files ahead of time; failures are left for load to report. */
  prefetch(urls: readonly string[]): Promise<void>
  /** prune drops cached files that are not in keep. */
  prune(keep: readonly string[]): Promise<void>
}

export interface AudioLoaderOptions {
  /** The credential of the moment (it changes when the player pairs again). */
  token: () => string | null
  fetcher?: DeviceFetch
  /** Cache Storage; absent outside secure contexts, where files are fetched every time. */
  caches?: CacheStorage
}

function absolute(url: string): string {
  return new URL(url, globalThis.location?.href ?? 'http://localhost/').href
}

/** createAudioLoader builds a loader over fetch and Cache Storage. */
export function createAudioLoader(options: AudioLoaderOptions): AudioLoader {
  const fetcher = options.fetcher ?? ((input, init) => fetch(input, init))
  const storage = options.caches ?? (typeof caches === 'undefined' ? undefined : caches)
  const inFlight = new Map<string, Promise<Blob>>()

  async function openCache(): Promise<Cache | null> {
    if (!storage) return null
    try {
      return await storage.open(audioCacheName)
    } catch {
      return null
    }
  }

  async function fetchAndKeep(url: string): Promise<Blob> {
    const cache = await openCache()
    const hit = await cache?.match(url).catch(() => undefined)
    if (hit) return hit.blob()

    const res = await deviceFetch(fetcher, url, options.token(), { signal: AbortSignal.timeout(audioTimeoutMs) })
    if (!res.ok) throw await errorOf(res)
    const blob = await res.blob()
    // A full copy only: a partial (206) answer would poison the cache.
    if (cache && res.status === 200) {
      const headers = { 'Content-Type': res.headers.get('Content-Type') ?? blob.type ?? 'audio/mpeg' }
      await cache.put(url, new Response(blob, { headers })).catch(() => {})
    }
    return blob
  }

  function load(url: string): Promise<Blob> {
    const key = absolute(url)
    let pending = inFlight.get(key)
    if (!pending) {
      pending = fetchAndKeep(key).finally(() => inFlight.delete(key))
      inFlight.set(key, pending)
    }
    return pending
  }

  return {
    load,
    async prefetch(urls) {
      for (const url of new Set(urls)) await load(url).catch(() => {})
    },
    async prune(keep) {
      const cache = await openCache()
      if (!cache) return
      const kept = new Set(keep.map(absolute))
      for (const request of await cache.keys()) {
        if (!kept.has(request.url)) await cache.delete(request)
      }
    },
  }
}
