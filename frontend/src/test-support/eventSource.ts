import type { EventSourceLike } from '../api/messageEvents'

/**
 * FakeEventSource stands in for the browser's EventSource: tests open it,
 * make it fail and send it events by hand. Every instance is remembered
 * until reset().
 */
export class FakeEventSource implements EventSourceLike {
  static readonly CONNECTING = 0
  static readonly OPEN = 1
  static readonly CLOSED = 2
  static instances: FakeEventSource[] = []

  /** create is an EventSourceFactory. */
  static create = (url: string) => new FakeEventSource(url)

  static last(): FakeEventSource {
    const source = FakeEventSource.instances.at(-1)
    if (!source) throw new Error('no event source was opened')
    return source
  }

  static reset() {
    FakeEventSource.instances = []
  }

  readonly url: string
  readyState = FakeEventSource.CONNECTING
  closed = false
  private listeners = new Map<string, ((event: Event) => void)[]>()

  constructor(url: string | URL) {
    this.url = String(url)
    FakeEventSource.instances.push(this)
  }

  addEventListener(type: string, listener: (event: Event) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener])
  }

  close() {
    this.closed = true
    this.readyState = FakeEventSource.CLOSED
  }

  /** open reports a (re)connection. */
  open() {
    this.readyState = FakeEventSource.OPEN
    this.dispatch('open', new Event('open'))
  }

  /** fail reports a failure; closed: true as when the browser stops retrying. */
  fail({ closed = false } = {}) {
    this.readyState = closed ? FakeEventSource.CLOSED : FakeEventSource.CONNECTING
    this.dispatch('error', new Event('error'))
  }

  /** emit delivers one named event with its data. */
  emit(type: string, data: unknown) {
    this.dispatch(type, new MessageEvent(type, { data }))
  }

  private dispatch(type: string, event: Event) {
    if (this.closed) return
    for (const listener of this.listeners.get(type) ?? []) listener(event)
  }
}
