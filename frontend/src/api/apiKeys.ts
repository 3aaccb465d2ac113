// API keys for integrations (docs/api.md, API keys).

import { api, expectItems, expectRecord } from './client'

export interface ApiKey {
  id: number
  name: string
  role: string
  prefix: string
  created_at: string
  last_used_at: string | null
  revoked_at: string | null
}

export interface CreatedApiKey {
  api_key: ApiKey
  key: string
}

export async function listApiKeys(signal?: AbortSignal): Promise<ApiKey[]> {
  return expectItems<ApiKey>(await api.get('/api/v1/api-keys', { signal }))
}

export async function createApiKey(name: string, role: string): Promise<CreatedApiKey> {
  return expectRecord<CreatedApiKey>(await api.post('/api/v1/api-keys', { name, role }))
}

export async function revokeApiKey(id: number): Promise<void> {
  await api.delete(`/api/v1/api-keys/${id}`)
}
