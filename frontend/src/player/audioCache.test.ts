import { describe, expect, it, vi } from 'vitest'

import { audioCacheName, createAudioLoader } from './audioCache'

/** FakeCache keeps responses by URL, as Cache Storage does. */
class FakeCache {
  entries = new Map<string, Response>()
  async match(url: string) {
    return this.entries.get(url)?.clone()
  }
  async put(url: string, response: Response) {
    this.entries.set(url, response)
  }
  async keys() {
    return [...this.entries.keys()].map((url) => ({ url }) as Request)
  }
  async delete(request: Request) {
    return this.entries.delete(request.url)
  }
}

function setUp(answer: (url: string) => Response = (url) => new Response(`audio of ${url}`, { headers: { 'Content-Type': 'audio/mpeg' } })) {
  const cache = new FakeCache()
  const opened: string[] = []
  const caches = {
    open: async (name: string) => {
      opened.push(name)
      return cache
    },
  } as unknown as CacheStorage
  const fetcher = vi.fn(async (url: string, _init?: RequestInit) => answer(url))
  const loader = createAudioLoader({ token: () => 'mfp_token', fetcher, caches })
  return { cache, opened, fetcher, loader }
}

const origin = window.location.origin

describe('createAudioLoader', () => {
  it('fetches with the credential, keeps the file and answers from the cache next time', async () => {
    const { cache, opened, fetcher, loader } = setUp()
    const first = await loader.load('/api/v1/device/sounds/1/audio')
    expect(await first.text()).toBe(`audio of ${origin}/api/v1/device/sounds/1/audio`)
    const init = fetcher.mock.calls[0]![1]!
    expect(new Headers(init.headers).get('Authorization')).toBe('Bearer mfp_token')
    expect(init.credentials).toBe('omit')
    expect(opened[0]).toBe(audioCacheName)
    expect([...cache.entries.keys()]).toEqual([`${origin}/api/v1/device/sounds/1/audio`])

    const second = await loader.load('/api/v1/device/sounds/1/audio')
    expect(await second.text()).toBe(`audio of ${origin}/api/v1/device/sounds/1/audio`)
    expect(fetcher).toHaveBeenCalledTimes(1)
  })

  it('shares one download between callers that ask at the same time', async () => {
    const { fetcher, loader } = setUp()
    await Promise.all([loader.load('/a.mp3'), loader.load('/a.mp3'), loader.prefetch(['/a.mp3', '/a.mp3'])])
    expect(fetcher).toHaveBeenCalledTimes(1)
  })

  it('fails with the server code and keeps nothing', async () => {
    const { cache, loader } = setUp(() => new Response(JSON.stringify({ error: { code: 'message_not_found' } }), { status: 404 }))
    await expect(loader.load('/api/v1/device/messages/4/audio')).rejects.toMatchObject({ code: 'message_not_found', status: 404 })
    expect(cache.entries.size).toBe(0)
  })

  it('does not keep a partial answer', async () => {
    const { cache, loader } = setUp(() => new Response('part', { status: 206 }))
    expect(await (await loader.load('/a.mp3')).text()).toBe('part')
    expect(cache.entries.size).toBe(0)
  })

  it('works without Cache Storage', async () => {
    vi.stubGlobal('caches', undefined)
    const fetcher = vi.fn(async () => new Response('x'))
    const loader = createAudioLoader({ token: () => null, fetcher })
    await loader.load('/a.mp3')
    await loader.load('/a.mp3')
    expect(fetcher).toHaveBeenCalledTimes(2)
  })

  it('prefetches quietly and prunes what is no longer needed', async () => {
    const { cache, loader } = setUp((url) => (url.endsWith('/bad.mp3') ? new Response('', { status: 500 }) : new Response('ok')))
    await loader.prefetch(['/a.mp3', '/bad.mp3', '/b.mp3'])
    expect([...cache.entries.keys()]).toEqual([`${origin}/a.mp3`, `${origin}/b.mp3`])
    await loader.prune(['/b.mp3'])
    expect([...cache.entries.keys()]).toEqual([`${origin}/b.mp3`])
  })
})
