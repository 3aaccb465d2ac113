// Where a click or a key press on a waveform sends the playhead.

/** Seconds the arrow keys move the playhead. */
export const smallStepSeconds = 1
/** Seconds Page Up and Page Down move the playhead. */
export const largeStepSeconds = 10

/**
 * fractionAt returns how far across a box of the given left edge and width
 * the pointer is, from 0 to 1; a box without width answers 0.
 */
export function fractionAt(clientX: number, left: number, width: number): number {
  if (!(width > 0)) return 0
  return Math.min(1, Math.max(0, (clientX - left) / width))
}

/**
 * seekByKey returns the time a slider key moves the playhead to, clamped to
 * the recording, or null for keys that do not seek (and when the length is
 * not known yet).
 */
export function seekByKey(key: string, current: number, duration: number): number | null {
  if (!(duration > 0)) return null
  const moves: Record<string, number> = {
    ArrowRight: current + smallStepSeconds,
    ArrowUp: current + smallStepSeconds,
    ArrowLeft: current - smallStepSeconds,
    ArrowDown: current - smallStepSeconds,
    PageUp: current + largeStepSeconds,
    PageDown: current - largeStepSeconds,
    Home: 0,
    End: duration,
  }
  const target = moves[key]
  if (target === undefined) return null
  return Math.min(duration, Math.max(0, target))
}
