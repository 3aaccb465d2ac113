// Managing the mall's catalogue for the studio: voices, music beds and
// chimes, categories and the audio settings (docs/api.md, Studio).

import { api, apiUpload, ApiError, clientErrorCodes, expectItems, expectRecord, type UploadProgress } from './client'
import type { Category, SoundKind } from './studio'

export type VoiceProvider = 'elevenlabs' | 'local'
export const voiceProviders: readonly VoiceProvider[] = ['elevenlabs', 'local']

/** VoiceConfig is a voice with every setting an administrator can change. */
export interface VoiceConfig {
  id: number
  provider: VoiceProvider
  provider_voice_id: string
  name: string
  gender: '' | 'M' | 'F'
  accent: string
  description: string
  stability: number
  similarity: number
  style: number
  speaker_boost: boolean
  speed: number
  gain_db: number
  lead_silence_ms: number
  trail_silence_ms: number
  is_default: boolean
  order: number
  active: boolean
}

export type VoiceInput = Omit<VoiceConfig, 'id'>

/** newVoice holds the values the server gives a voice created without them. */
export function newVoice(): VoiceInput {
  return {
    provider: 'local',
    provider_voice_id: '',
    name: '',
    gender: '',
    accent: '',
    description: '',
    stability: 50,
    similarity: 75,
    style: 0,
    speaker_boost: true,
    speed: 1,
    gain_db: 0,
    lead_silence_ms: 0,
    trail_silence_ms: 0,
    is_default: false,
    order: 0,
    active: true,
  }
}

/** SoundConfig is a music bed or chime as the settings list it. */
export interface SoundConfig {
  id: number
  kind: SoundKind
  name: string
  artist: string
  mood: string
  duration_seconds: number
  loudness_lufs: number
  is_default: boolean
  order: number
  active: boolean
  audio_url: string
}

export type SoundChanges = Pick<SoundConfig, 'name' | 'artist' | 'mood' | 'is_default' | 'order' | 'active'>

export interface NewSound {
  file: File
  kind: SoundKind
  name: string
  artist: string
  mood: string
}

export type CategoryInput = Omit<Category, 'id'>

/** AudioSettings are the mall's loudness, ducking and pronunciation defaults. */
export interface AudioSettings {
  target_lufs: number
  true_peak_dbtp: number
  duck_depth_db: number
  bed_lead_in_ms: number
  bed_tail_ms: number
  keep_unsaved: number
  /** Written form → how the voice should say it. */
  lexicon: Record<string, string>
}

/** The limits the server enforces on the audio settings. */
export const audioLimits = {
  target_lufs: { min: -30, max: -9 },
  true_peak_dbtp: { min: -9, max: 0 },
  duck_depth_db: { min: -40, max: -6 },
  keep_unsaved: { min: 1, max: 10000 },
  lexiconEntries: 500,
  writtenLength: 100,
  spokenLength: 200,
} as const

// Voices

export async function listVoiceConfigs(signal?: AbortSignal): Promise<VoiceConfig[]> {
  return expectItems<VoiceConfig>(await api.get('/api/v1/voices', { signal }))
}

export async function createVoice(input: VoiceInput): Promise<VoiceConfig> {
  return expectRecord<VoiceConfig>(await api.post('/api/v1/voices', { ...input }))
}

export async function updateVoice(id: number, changes: Partial<VoiceInput>): Promise<VoiceConfig> {
  return expectRecord<VoiceConfig>(await api.patch(`/api/v1/voices/${id}`, { ...changes }))
}

export async function deleteVoice(id: number): Promise<void> {
  await api.delete(`/api/v1/voices/${id}`)
}

// Sounds

export async function listSoundConfigs(kind: SoundKind, signal?: AbortSignal): Promise<SoundConfig[]> {
  return expectItems<SoundConfig>(await api.get('/api/v1/sounds', { query: { kind }, signal }))
}

export async function updateSound(id: number, changes: Partial<SoundChanges>): Promise<SoundConfig> {
  return expectRecord<SoundConfig>(await api.patch(`/api/v1/sounds/${id}`, { ...changes }))
}

export async function deleteSound(id: number): Promise<void> {
  await api.delete(`/api/v1/sounds/${id}`)
}

/** uploadSound sends an audio file as a new bed or chime, reporting progress. */
export async function uploadSound(input: NewSound, onProgress?: UploadProgress): Promise<SoundConfig> {
  const form = new FormData()
  form.append('file', input.file)
  form.append('kind', input.kind)
  form.append('name', input.name)
  form.append('artist', input.artist)
  form.append('mood', input.mood)
  return expectRecord<SoundConfig>(await apiUpload('/api/v1/sounds', form, onProgress))
}

// Categories

export async function createCategory(input: CategoryInput): Promise<Category> {
  return expectRecord<Category>(await api.post('/api/v1/categories', { ...input }))
}

/** updateCategory sends the whole category: the server replaces every field. */
export async function updateCategory(id: number, input: CategoryInput): Promise<Category> {
  return expectRecord<Category>(await api.patch(`/api/v1/categories/${id}`, { ...input }))
}

export async function deleteCategory(id: number): Promise<void> {
  await api.delete(`/api/v1/categories/${id}`)
}

// Audio settings

function toSettings(body: unknown): AudioSettings {
  const record = expectRecord<Record<string, unknown>>(body)
  const numbers = ['target_lufs', 'true_peak_dbtp', 'duck_depth_db', 'bed_lead_in_ms', 'bed_tail_ms', 'keep_unsaved'] as const
  for (const key of numbers) {
    if (typeof record[key] !== 'number') throw new ApiError(clientErrorCodes.invalidResponse, 200, `expected ${key}`)
  }
  const lexicon: Record<string, string> = {}
  const raw = record.lexicon
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    for (const [written, spoken] of Object.entries(raw)) {
      if (typeof spoken === 'string') lexicon[written] = spoken
    }
  }
  return {
    target_lufs: record.target_lufs as number,
    true_peak_dbtp: record.true_peak_dbtp as number,
    duck_depth_db: record.duck_depth_db as number,
    bed_lead_in_ms: record.bed_lead_in_ms as number,
    bed_tail_ms: record.bed_tail_ms as number,
    keep_unsaved: record.keep_unsaved as number,
    lexicon,
  }
}

export async function getAudioSettings(signal?: AbortSignal): Promise<AudioSettings> {
  return toSettings(await api.get('/api/v1/settings/audio', { signal }))
}

export async function saveAudioSettings(settings: AudioSettings): Promise<AudioSettings> {
  return toSettings(await api.put('/api/v1/settings/audio', { ...settings, lexicon: { ...settings.lexicon } }))
}
