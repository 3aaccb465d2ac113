// Turns a recording into waveform peaks with the Web Audio API.

import { computePeaks, normalisePeaks } from './peaks'

/** What a decoded recording gives a waveform. */
export interface DecodedWaveform {
  /** Bar heights from 0 to 1, the loudest bar at 1. */
  peaks: number[]
  /** Length of the recording in seconds. */
  duration: number
}

type AudioContextClass = new () => AudioContext

function audioContextClass(): AudioContextClass | undefined {
  const scope = globalThis as { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass }
  return scope.AudioContext ?? scope.webkitAudioContext
}

/** waveformSupported tells whether this browser can decode audio for a waveform. */
export function waveformSupported(): boolean {
  return audioContextClass() !== undefined
}

/**
 * decodeWaveform decodes a recording already fetched as a Blob and returns
 * its peaks. The caller fetches it once and plays the same Blob, so a drawn
 * recording is downloaded a single time.
 */
export async function decodeWaveform(recording: Blob, bars: number): Promise<DecodedWaveform> {
  const Context = audioContextClass()
  if (!Context) throw new Error('web audio is not available')
  const bytes = await recording.arrayBuffer()
  const context = new Context()
  try {
    const buffer = await context.decodeAudioData(bytes)
    const channels = Array.from({ length: buffer.numberOfChannels }, (_, index) => buffer.getChannelData(index))
    return { peaks: normalisePeaks(computePeaks(channels, bars)), duration: buffer.duration }
  } finally {
    void context.close().catch(() => {})
  }
}
