// Turns a recording the API serves into waveform peaks with the Web Audio API.

import { getAudio } from '../api/studio'
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
 * decodeWaveform downloads the recording at url (through the API client, so
 * an expired session is refreshed), decodes it and returns its peaks.
 *
 * TODO(#5): the <audio> element streams the same file with Range requests, so
 * a drawn recording is downloaded twice; peaks computed once by the server
 * at render time would save the second download and the decoding.
 */
export async function decodeWaveform(url: string, bars: number): Promise<DecodedWaveform> {
  const Context = audioContextClass()
  if (!Context) throw new Error('web audio is not available')
  const bytes = await (await getAudio(url)).arrayBuffer()
  const context = new Context()
  try {
    const buffer = await context.decodeAudioData(bytes)
    const channels = Array.from({ length: buffer.numberOfChannels }, (_, index) => buffer.getChannelData(index))
    return { peaks: normalisePeaks(computePeaks(channels, bars)), duration: buffer.duration }
  } finally {
    void context.close().catch(() => {})
  }
}
