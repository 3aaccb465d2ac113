import { describe, expect, it } from 'vitest'

import { computePeaks, flatPeaks, normalisePeaks, peaksPath } from './peaks'

describe('computePeaks', () => {
  it.each([
    { name: 'takes the loudest absolute sample of each span', channels: [[0.1, -0.5, 0.2, 0.3]], bars: 2, want: [0.5, 0.3] },
    { name: 'looks at every channel', channels: [[0.1, 0.1], [-0.2, 0.9]], bars: 2, want: [0.2, 0.9] },
    { name: 'spreads uneven spans over all samples', channels: [[0.1, 0.2, 0.3, 0.4, 0.5]], bars: 2, want: [0.2, 0.5] },
    { name: 'lets bars share samples when there are fewer samples than bars', channels: [[0.4, -0.8]], bars: 4, want: [0.4, 0.4, 0.8, 0.8] },
    { name: 'clamps samples beyond full scale', channels: [[1.7, -0.1]], bars: 1, want: [1] },
    { name: 'reads a shorter channel as silence', channels: [[0.1, 0.1, 0.1, 0.1], [0.6]], bars: 2, want: [0.6, 0.1] },
    { name: 'gives silence for no samples', channels: [[]], bars: 3, want: [0, 0, 0] },
    { name: 'gives silence for no channels', channels: [], bars: 2, want: [0, 0] },
    { name: 'gives nothing for no bars', channels: [[0.5]], bars: 0, want: [] },
  ])('$name', ({ channels, bars, want }) => {
    const got = computePeaks(channels.map((samples) => Float32Array.from(samples)), bars)
    expect(got).toHaveLength(want.length)
    got.forEach((value, index) => expect(value).toBeCloseTo(want[index]!, 5))
  })

  it('makes 200 bars from a long recording with its loud part in the right place', () => {
    const samples = new Float32Array(48_000)
    samples.fill(0.25, 24_000, 36_000)
    const peaks = computePeaks([samples], 200)
    expect(peaks).toHaveLength(200)
    expect(peaks[50]).toBe(0)
    expect(peaks[100]).toBeCloseTo(0.25)
    expect(peaks[149]).toBeCloseTo(0.25)
    expect(peaks[150]).toBe(0)
  })
})

describe('normalisePeaks', () => {
  it.each([
    { name: 'scales the loudest bar to one', peaks: [0.1, 0.5, 0.25], want: [0.2, 1, 0.5] },
    { name: 'keeps silence silent', peaks: [0, 0], want: [0, 0] },
    { name: 'treats negative values as silence', peaks: [-0.2, 0.4], want: [0, 1] },
  ])('$name', ({ peaks, want }) => {
    normalisePeaks(peaks).forEach((value, index) => expect(value).toBeCloseTo(want[index]!, 5))
  })
})

describe('flatPeaks', () => {
  it('is a silent waveform of the asked length', () => {
    expect(flatPeaks(3)).toEqual([0, 0, 0])
    expect(flatPeaks()).toHaveLength(200)
  })
})

describe('peaksPath', () => {
  it('draws one centred bar per peak', () => {
    expect(peaksPath([1, 0.5], { height: 10, gap: 0.5, minHeight: 0 })).toBe('M0.25 0h0.5v10h-0.5zM1.25 2.5h0.5v5h-0.5z')
  })

  it('keeps silent bars visible as a thin line', () => {
    expect(peaksPath([0], { height: 100, gap: 0, minHeight: 2 })).toBe('M0 49h1v2h-1z')
  })

  it('clamps out-of-range and broken peaks', () => {
    expect(peaksPath([3, Number.NaN], { height: 10, gap: 0, minHeight: 0 })).toBe('M0 0h1v10h-1zM1 5h1v0h-1z')
  })

  it('draws nothing for no peaks', () => {
    expect(peaksPath([])).toBe('')
  })
})
