// Live render progress of the tenant's messages from the server-sent event
// stream GET /api/v1/messages/events, with a way out to polling when the
// stream keeps failing.

import { computed, onScopeDispose, readonly, ref, type ComputedRef, type Ref } from 'vue'

import type { MessageStatus } from './studio'

/** Where the stream of message progress events is served. */
export const messageEventsPath = '/api/v1/messages/events'

/** The name of the event the server sends for each change. */
export const progressEventName = 'progress'

/** One change of a message's render, as the stream reports it. */
export interface MessageProgress {
  id: number
  status: MessageStatus
  progress: number
  error_code?: string
}

/** The part of the browser's EventSource the subscription uses. */
export interface EventSourceLike {
  readonly readyState: number
  addEventListener(type: string, listener: (event: Event) => void): void
  close(): void
}

/** Opens an event stream; tests pass a fake. */
export type EventSourceFactory = (url: string) => EventSourceLike

/** What a subscriber hears about. */
export interface MessageEventsHandlers {
  /** A message changed status or progress. */
  progress: (event: MessageProgress) => void
  /**
   * The stream (re)connected. Changes may have happened while it was down,
   * so callers re-read what they are waiting for.
   */
  open?: () => void
  /** The stream was given up on; callers poll from now on. Called once. */
  fallback?: () => void
  /** The subscription moved to another state. */
  statechange?: (state: MessageEventsState) => void
}

/** Tuning of a subscription. */
export interface MessageEventsOptions {
  /** Failures in a row, without a successful connection between them, before giving up. */
  maxErrors?: number
  /** Wait before reopening a stream the browser closed for good. */
  retryMs?: number
  /** Opens the stream; the browser's EventSource unless told otherwise. */
  createSource?: EventSourceFactory | null
}

/** connecting: opening; live: events flow; polling: given up; closed: stopped by the caller. */
export type MessageEventsState = 'connecting' | 'live' | 'polling' | 'closed'

/** A running subscription. */
export interface MessageEventsSubscription {
  readonly state: MessageEventsState
  close(): void
}

const closedReadyState = 2
const statuses: readonly MessageStatus[] = ['queued', 'rendering', 'ready', 'failed']

/** parseProgress reads one event's data, or returns null when it is not a progress record. */
export function parseProgress(data: unknown): MessageProgress | null {
  if (typeof data !== 'string') return null
  let body: unknown
  try {
    body = JSON.parse(data)
  } catch {
    return null
  }
  if (typeof body !== 'object' || body === null) return null
  const record = body as Record<string, unknown>
  const id = Number(record.id)
  const status = record.status as MessageStatus
  if (!Number.isInteger(id) || id <= 0 || !statuses.includes(status)) return null
  const progress = Math.min(100, Math.max(0, Number(record.progress) || 0))
  const parsed: MessageProgress = { id, status, progress }
  if (typeof record.error_code === 'string' && record.error_code) parsed.error_code = record.error_code
  return parsed
}

function browserEventSource(): EventSourceFactory | null {
  if (typeof EventSource !== 'function') return null
  return (url) => new EventSource(url)
}

/**
 * subscribeMessageEvents opens the progress stream and reports each change
 * to handlers.progress. The browser reconnects a dropped stream by itself;
 * after maxErrors failures in a row (or at once, where EventSource does not
 * exist) the subscription stops and calls handlers.fallback.
 */
export function subscribeMessageEvents(handlers: MessageEventsHandlers, options: MessageEventsOptions = {}): MessageEventsSubscription {
  const maxErrors = options.maxErrors ?? 3
  const retryMs = options.retryMs ?? 2000
  const create = options.createSource === undefined ? browserEventSource() : options.createSource
  let state: MessageEventsState = 'connecting'
  let source: EventSourceLike | null = null
  let errors = 0
  let retryTimer: ReturnType<typeof setTimeout> | undefined

  const setState = (next: MessageEventsState) => {
    if (state === next) return
    state = next
    handlers.statechange?.(next)
  }
  const stop = (next: MessageEventsState) => {
    clearTimeout(retryTimer)
    source?.close()
    source = null
    setState(next)
  }
  const giveUp = () => {
    stop('polling')
    handlers.fallback?.()
  }
  const onError = (failed: EventSourceLike) => {
    if (failed !== source) return
    errors++
    if (errors >= maxErrors) return giveUp()
    setState('connecting')
    if (failed.readyState === closedReadyState) {
      failed.close()
      source = null
      retryTimer = setTimeout(open, retryMs)
    }
  }
  function open() {
    if (!create) return giveUp()
    let opened: EventSourceLike
    try {
      opened = create(messageEventsPath)
    } catch {
      return giveUp()
    }
    source = opened
    opened.addEventListener('open', () => {
      if (opened !== source) return
      errors = 0
      setState('live')
      handlers.open?.()
    })
    opened.addEventListener('error', () => onError(opened))
    opened.addEventListener(progressEventName, (event) => {
      const parsed = opened === source ? parseProgress((event as MessageEvent).data) : null
      if (parsed) handlers.progress(parsed)
    })
  }

  open()
  return {
    get state() {
      return state
    },
    close: () => stop('closed'),
  }
}

/** What useMessageEvents gives a component. */
export interface MessageEvents {
  state: Readonly<Ref<MessageEventsState>>
  /** True while the stream may still deliver events (connecting or live). */
  streaming: ComputedRef<boolean>
}

/**
 * useMessageEvents subscribes for as long as the calling component (or
 * effect scope) lives and closes the stream when it goes away.
 */
export function useMessageEvents(handlers: MessageEventsHandlers, options: MessageEventsOptions = {}): MessageEvents {
  const state = ref<MessageEventsState>('connecting')
  const subscription = subscribeMessageEvents(
    {
      ...handlers,
      statechange: (next) => {
        state.value = next
        handlers.statechange?.(next)
      },
    },
    options,
  )
  onScopeDispose(() => subscription.close())
  return { state: readonly(state), streaming: computed(() => state.value === 'connecting' || state.value === 'live') }
}
