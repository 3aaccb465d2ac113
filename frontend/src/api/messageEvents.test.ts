import { afterEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'

import {
  messageEventsPath,
  parseProgress,
  subscribeMessageEvents,
  useMessageEvents,
  type MessageProgress,
} from './messageEvents'
import { FakeEventSource } from '../test-support/eventSource'

afterEach(() => {
  FakeEventSource.reset()
  vi.useRealTimers()
})

function recorder() {
  const progress: MessageProgress[] = []
  const opens: number[] = []
  const fallbacks: number[] = []
  return {
    progress,
    opens,
    fallbacks,
    handlers: {
      progress: (event: MessageProgress) => progress.push(event),
      open: () => opens.push(1),
      fallback: () => fallbacks.push(1),
    },
  }
}

describe('parseProgress', () => {
  it.each([
    { name: 'reads a rendering update', data: '{"id":8,"status":"rendering","progress":40}', want: { id: 8, status: 'rendering', progress: 40 } },
    { name: 'keeps the error code of a failure', data: '{"id":9,"status":"failed","progress":0,"error_code":"tts_failed"}', want: { id: 9, status: 'failed', progress: 0, error_code: 'tts_failed' } },
    { name: 'clamps the progress', data: '{"id":1,"status":"ready","progress":140}', want: { id: 1, status: 'ready', progress: 100 } },
    { name: 'refuses an unknown status', data: '{"id":1,"status":"lost","progress":1}', want: null },
    { name: 'refuses a missing id', data: '{"status":"ready","progress":100}', want: null },
    { name: 'refuses broken JSON', data: '{"id":', want: null },
    { name: 'refuses a non-string', data: 42, want: null },
  ])('$name', ({ data, want }) => {
    expect(parseProgress(data)).toEqual(want)
  })
})

describe('subscribeMessageEvents', () => {
  it('opens the stream and passes on each progress event', () => {
    const seen = recorder()
    const subscription = subscribeMessageEvents(seen.handlers, { createSource: FakeEventSource.create })
    const source = FakeEventSource.last()
    expect(source.url).toBe(messageEventsPath)
    expect(subscription.state).toBe('connecting')

    source.open()
    source.emit('progress', '{"id":8,"status":"rendering","progress":40}')
    source.emit('progress', 'not json')
    source.emit('message', '{"id":8,"status":"ready","progress":100}')
    source.emit('progress', '{"id":8,"status":"ready","progress":100}')

    expect(subscription.state).toBe('live')
    expect(seen.opens).toHaveLength(1)
    expect(seen.progress).toEqual([
      { id: 8, status: 'rendering', progress: 40 },
      { id: 8, status: 'ready', progress: 100 },
    ])
  })

  it('lets the browser reconnect and only gives up after failures in a row', () => {
    const seen = recorder()
    const subscription = subscribeMessageEvents(seen.handlers, { createSource: FakeEventSource.create, maxErrors: 3 })
    const source = FakeEventSource.last()
    source.fail()
    source.fail()
    source.open()
    source.fail()
    source.fail()
    expect(seen.fallbacks).toHaveLength(0)
    expect(subscription.state).toBe('connecting')
    expect(FakeEventSource.instances).toHaveLength(1)

    source.fail()
    expect(seen.fallbacks).toHaveLength(1)
    expect(subscription.state).toBe('polling')
    expect(source.closed).toBe(true)
    source.emit('progress', '{"id":8,"status":"ready","progress":100}')
    expect(seen.progress).toHaveLength(0)
  })

  it('reopens a stream the browser closed, after a pause', () => {
    vi.useFakeTimers()
    const seen = recorder()
    subscribeMessageEvents(seen.handlers, { createSource: FakeEventSource.create, retryMs: 1000 })
    FakeEventSource.last().fail({ closed: true })
    expect(FakeEventSource.instances).toHaveLength(1)

    vi.advanceTimersByTime(1000)
    expect(FakeEventSource.instances).toHaveLength(2)
    FakeEventSource.last().open()
    FakeEventSource.last().emit('progress', '{"id":3,"status":"queued","progress":0}')
    expect(seen.opens).toHaveLength(1)
    expect(seen.progress).toEqual([{ id: 3, status: 'queued', progress: 0 }])
    expect(seen.fallbacks).toHaveLength(0)
  })

  it('falls back at once where the browser has no EventSource', () => {
    const seen = recorder()
    const subscription = subscribeMessageEvents(seen.handlers, { createSource: null })
    expect(subscription.state).toBe('polling')
    expect(seen.fallbacks).toHaveLength(1)
  })

  it('stops listening when closed', () => {
    vi.useFakeTimers()
    const seen = recorder()
    const subscription = subscribeMessageEvents(seen.handlers, { createSource: FakeEventSource.create, retryMs: 1000 })
    FakeEventSource.last().fail({ closed: true })
    subscription.close()
    vi.advanceTimersByTime(5000)
    expect(FakeEventSource.instances).toHaveLength(1)
    expect(subscription.state).toBe('closed')
    expect(seen.fallbacks).toHaveLength(0)
  })
})

describe('useMessageEvents', () => {
  it('follows the stream state and closes the stream with its scope', () => {
    const seen = recorder()
    const scope = effectScope()
    const events = scope.run(() => useMessageEvents(seen.handlers, { createSource: FakeEventSource.create, maxErrors: 2 }))!
    const source = FakeEventSource.last()
    expect(events.state.value).toBe('connecting')
    expect(events.streaming.value).toBe(true)
    source.open()
    expect(events.state.value).toBe('live')

    scope.stop()
    expect(source.closed).toBe(true)
    expect(events.state.value).toBe('closed')
    expect(events.streaming.value).toBe(false)
  })

  it('reports the fallback to polling', () => {
    const seen = recorder()
    const scope = effectScope()
    const events = scope.run(() => useMessageEvents(seen.handlers, { createSource: FakeEventSource.create, maxErrors: 2 }))!
    FakeEventSource.last().fail()
    FakeEventSource.last().fail()
    expect(events.state.value).toBe('polling')
    expect(events.streaming.value).toBe(false)
    expect(seen.fallbacks).toHaveLength(1)
    scope.stop()
  })
})
