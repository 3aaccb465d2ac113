// The studio and the library: voices, sounds, categories and messages
// (docs/api.md, Studio).

import { api, apiBlob, ApiError, clientErrorCodes, expectItems, expectRecord } from './client'

export interface Voice {
  id: number
  provider: string
  provider_voice_id: string
  name: string
  gender: string
  accent: string
  description: string
  is_default: boolean
  active: boolean
  order?: number
}

export type SoundKind = 'bed' | 'chime'

export interface Sound {
  id: number
  kind: SoundKind
  name: string
  artist?: string
  mood: string
  duration_seconds: number
  audio_url: string
}

export interface Category {
  id: number
  name: string
  icon: string
  color: string
  order: number
}

export type MessageStatus = 'queued' | 'rendering' | 'ready' | 'failed'

export interface Message {
  id: number
  status: MessageStatus
  progress: number
  source?: string
  text: string
  spoken_text: string
  voice_id: number | null
  music_id?: number | null
  intro_chime_id?: number | null
  outro_chime_id?: number | null
  category_id?: number | null
  duration_seconds: number
  loudness_lufs: number
  true_peak_dbtp: number
  audio_url?: string
  saved: boolean
  display_name: string
  error_code?: string
  error_message?: string
  created_at: string
  rendered_at?: string | null
  deleted_at?: string | null
}

export interface NewMessage {
  text: string
  voice_id: number
  music_id?: number
  intro_chime_id?: number
  outro_chime_id?: number
  category_id?: number
}

export type LibraryView = 'library' | 'recent' | 'trash'
export type LibrarySort = 'created_at' | 'name' | 'duration' | 'category'

export interface LibraryQuery {
  view: LibraryView
  q?: string
  /** A category's ID, "none" for messages without one, or empty for all. */
  category_id?: number | 'none' | ''
  sort?: LibrarySort
  order?: 'asc' | 'desc'
  page?: number
  per_page?: number
}

export interface MessagePage {
  items: Message[]
  total: number
  page: number
  per_page: number
}

export type BatchAction = 'delete' | 'restore' | 'categorise'

/** The most characters a message may have. */
export const maxMessageLength = 2000

/** Statuses after which a render changes no more. */
export function isFinished(status: MessageStatus): boolean {
  return status === 'ready' || status === 'failed'
}

export async function listVoices(signal?: AbortSignal): Promise<Voice[]> {
  return expectItems<Voice>(await api.get('/api/v1/voices', { signal }))
}

export async function listSounds(kind: SoundKind, signal?: AbortSignal): Promise<Sound[]> {
  return expectItems<Sound>(await api.get('/api/v1/sounds', { query: { kind }, signal }))
}

export async function listCategories(signal?: AbortSignal): Promise<Category[]> {
  return expectItems<Category>(await api.get('/api/v1/categories', { signal }))
}

/** previewSpeech returns the text as the voice will read it. */
export async function previewSpeech(text: string, signal?: AbortSignal): Promise<string> {
  const body = expectRecord<{ spoken_text?: unknown }>(await api.post('/api/v1/speech/preview', { text }, { signal }))
  if (typeof body.spoken_text !== 'string') throw new ApiError(clientErrorCodes.invalidResponse, 200, 'expected spoken_text')
  return body.spoken_text
}

/** testVoice asks the server to read a sample with the voice and returns the audio. */
export function testVoice(id: number, text: string): Promise<Blob> {
  return apiBlob('POST', `/api/v1/voices/${id}/test`, { text })
}

export async function createMessage(input: NewMessage): Promise<Message> {
  return expectRecord<Message>(await api.post('/api/v1/messages', { ...input }))
}

export async function getMessage(id: number, signal?: AbortSignal): Promise<Message> {
  return expectRecord<Message>(await api.get(`/api/v1/messages/${id}`, { signal }))
}

export async function saveMessage(id: number, displayName: string, categoryId?: number | null): Promise<Message> {
  const body: Record<string, unknown> = { display_name: displayName }
  if (categoryId) body.category_id = categoryId
  return expectRecord<Message>(await api.post(`/api/v1/messages/${id}/save`, body))
}

export async function listMessages(query: LibraryQuery, signal?: AbortSignal): Promise<MessagePage> {
  const body = expectRecord<Partial<MessagePage>>(
    await api.get('/api/v1/messages', { query: { ...query }, signal }),
  )
  if (!Array.isArray(body.items)) throw new ApiError(clientErrorCodes.invalidResponse, 200, 'expected items')
  const perPage = Number(body.per_page) || query.per_page || body.items.length
  return {
    items: body.items,
    total: Number(body.total) || 0,
    page: Number(body.page) || query.page || 1,
    per_page: perPage,
  }
}

export async function batchMessages(action: BatchAction, ids: number[], categoryId?: number | null): Promise<number> {
  const body: Record<string, unknown> = { action, ids }
  if (action === 'categorise') body.category_id = categoryId ?? null
  const answer = expectRecord<{ changed?: unknown }>(await api.post('/api/v1/messages/batch', body))
  return Number(answer.changed) || 0
}

export async function uploadMessage(file: File, displayName: string, categoryId?: number | null): Promise<Message> {
  const form = new FormData()
  form.append('file', file)
  form.append('display_name', displayName)
  if (categoryId) form.append('category_id', String(categoryId))
  return expectRecord<Message>(await api.post('/api/v1/messages/upload', form))
}

/** getAudio fetches a recording the API serves (a message's or a sound's audio_url). */
export function getAudio(url: string): Promise<Blob> {
  return apiBlob('GET', url)
}

/** downloadUrl is where the browser downloads a message's MP3. */
export function downloadUrl(id: number): string {
  return `/api/v1/messages/${id}/download`
}
