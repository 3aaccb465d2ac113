// Waveform maths: from decoded samples to bar heights and an SVG path.

/** How many bars a waveform has unless a caller asks for another number. */
export const defaultBars = 200

/**
 * computePeaks splits the samples into `bars` spans of (nearly) equal length
 * and returns, for each span, the largest absolute sample over all channels,
 * clamped to 0..1. Channels shorter than the first are read as silence.
 * With fewer samples than bars, neighbouring bars share a sample.
 */
export function computePeaks(channels: ArrayLike<number>[], bars: number): number[] {
  const count = Math.floor(bars)
  if (!(count > 0)) return []
  const length = channels[0]?.length ?? 0
  const peaks = new Array<number>(count).fill(0)
  if (length === 0) return peaks
  for (let bar = 0; bar < count; bar++) {
    const start = Math.floor((bar * length) / count)
    const end = Math.max(start + 1, Math.floor(((bar + 1) * length) / count))
    peaks[bar] = spanPeak(channels, start, Math.min(end, length))
  }
  return peaks
}

function spanPeak(channels: ArrayLike<number>[], start: number, end: number): number {
  let peak = 0
  for (const samples of channels) {
    const stop = Math.min(end, samples.length)
    for (let i = start; i < stop; i++) {
      const value = Math.abs(samples[i]!)
      if (value > peak) peak = value
    }
  }
  return Math.min(1, Number.isFinite(peak) ? peak : 0)
}

/**
 * normalisePeaks scales the peaks so the loudest reaches 1, which keeps
 * quiet recordings readable. All-silent input stays silent.
 */
export function normalisePeaks(peaks: number[]): number[] {
  const loudest = peaks.reduce((max, value) => Math.max(max, value), 0)
  if (loudest <= 0) return peaks.map(() => 0)
  return peaks.map((value) => Math.max(0, value) / loudest)
}

/** flatPeaks is a silent waveform, shown while the real one loads or when it cannot. */
export function flatPeaks(bars: number = defaultBars): number[] {
  return new Array<number>(Math.max(0, Math.floor(bars))).fill(0)
}

/** Shape of the bars that peaksPath draws. */
export interface PathOptions {
  /** Height of the drawing box; the box is one unit wide per bar. */
  height?: number
  /** Share of each bar's unit left empty between bars, 0..1. */
  gap?: number
  /** Smallest bar height, so silence still shows as a thin line. */
  minHeight?: number
}

/**
 * peaksPath draws the peaks as one SVG path of vertically centred bars in a
 * box `peaks.length` units wide and `height` high (viewBox "0 0 bars height").
 */
export function peaksPath(peaks: number[], options: PathOptions = {}): string {
  const height = options.height ?? 100
  const gap = Math.min(0.9, Math.max(0, options.gap ?? 0.35))
  const minHeight = options.minHeight ?? 2
  const width = round(1 - gap)
  return peaks
    .map((peak, bar) => {
      const clamped = Math.min(1, Math.max(0, Number.isFinite(peak) ? peak : 0))
      const barHeight = Math.max(minHeight, clamped * height)
      const top = (height - barHeight) / 2
      return `M${round(bar + gap / 2)} ${round(top)}h${width}v${round(barHeight)}h-${width}z`
    })
    .join('')
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000
}
