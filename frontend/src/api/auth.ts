// Sign-in, sign-out and "who am I" (docs/api.md, Authentication).

import { api, ApiError, clientErrorCodes, rememberCsrfToken } from './client'

export interface SessionUser {
  id: number
  email: string
  name: string
}

/** Me is the signed-in user, their role on this host and what they may do. */
export interface Me {
  user: SessionUser
  role: string
  tenant_id: string
  permissions: string[]
}

export interface Session {
  user: SessionUser
  role: string
  access_token: string
  expires_at: string
  csrf_token: string
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** parseMe checks the answer of GET /api/v1/auth/me. */
export function parseMe(value: unknown): Me {
  const invalid = () => new ApiError(clientErrorCodes.invalidResponse, 200, 'not a Me answer')
  if (!isRecord(value) || !isRecord(value.user) || typeof value.role !== 'string') throw invalid()
  const user = value.user
  if (typeof user.email !== 'string') throw invalid()
  return {
    user: {
      id: typeof user.id === 'number' ? user.id : Number(user.id ?? 0),
      email: user.email,
      name: typeof user.name === 'string' ? user.name : '',
    },
    role: value.role,
    tenant_id: typeof value.tenant_id === 'string' ? value.tenant_id : '',
    permissions: Array.isArray(value.permissions)
      ? value.permissions.filter((p): p is string => typeof p === 'string')
      : [],
  }
}

/** signIn posts the credentials; a 401 here is an answer, not an expired session. */
export async function signIn(email: string, password: string): Promise<Session> {
  const session = await api.post<Session>(
    '/api/v1/auth/login',
    { email, password },
    { refresh: false, redirect: false },
  )
  rememberCsrfToken(session)
  return session
}

export async function signOut(): Promise<void> {
  await api.post('/api/v1/auth/logout', undefined, { refresh: false, redirect: false })
}

/** fetchMe returns who is signed in; a refresh is tried first when the token expired. */
export async function fetchMe(signal?: AbortSignal): Promise<Me> {
  return parseMe(await api.get('/api/v1/auth/me', { signal, redirect: false }))
}
