// What the app knows about the signed-in user: loaded from GET /api/v1/auth/me
// at start, replaced at sign-in, forgotten at sign-out or when the server
// says the session is over.

import { inject, reactive, type InjectionKey } from 'vue'

import { fetchMe, signIn as postSignIn, signOut as postSignOut, type Me } from '../api/auth'
import { ApiError } from '../api/client'

export type SessionStatus = 'unknown' | 'loading' | 'signed-in' | 'anonymous'

export interface SessionState {
  status: SessionStatus
  me: Me | null
}

/** The role that holds every permission on every host. */
export const platformAdminRole = 'platform_admin'

export interface SessionStore {
  readonly state: SessionState
  /** load asks the server who is signed in, once; later calls share the answer. */
  load(): Promise<void>
  /** reload asks again, e.g. after a role change. */
  reload(): Promise<void>
  can(permission: string): boolean
  canAny(permissions: readonly string[]): boolean
  signIn(email: string, password: string): Promise<Me>
  signOut(): Promise<void>
  /** forget drops the session without asking the server, when it already ended. */
  forget(): void
}

export interface SessionApi {
  fetchMe: typeof fetchMe
  signIn: typeof postSignIn
  signOut: typeof postSignOut
}

const defaultApi: SessionApi = { fetchMe, signIn: postSignIn, signOut: postSignOut }

/**
 * createSession builds the store. Pass `me` to start already signed in (or
 * null to start signed out) without asking the server, as tests do.
 */
export function createSession(options: { me?: Me | null; api?: Partial<SessionApi> } = {}): SessionStore {
  const deps = { ...defaultApi, ...options.api }
  const state = reactive<SessionState>({ status: 'unknown', me: null })
  let loading: Promise<void> | null = null

  if (options.me !== undefined) {
    state.me = options.me
    state.status = options.me ? 'signed-in' : 'anonymous'
    loading = Promise.resolve()
  }

  function remember(me: Me | null) {
    state.me = me
    state.status = me ? 'signed-in' : 'anonymous'
  }

  async function fetchInto() {
    state.status = 'loading'
    try {
      remember(await deps.fetchMe())
    } catch (err) {
      // Signed out, or the server cannot tell: either way there is nobody
      // to act for, and the guards send protected routes to the sign-in page.
      if (!(err instanceof ApiError) || err.status !== 401) console.warn('could not load the session', err)
      remember(null)
    }
  }

  function can(permission: string): boolean {
    const me = state.me
    if (!me) return false
    return me.role === platformAdminRole || me.permissions.includes(permission)
  }

  return {
    state,
    load() {
      loading ??= fetchInto()
      return loading
    },
    reload() {
      loading = fetchInto()
      return loading
    },
    can,
    canAny: (permissions) => permissions.some(can),
    async signIn(email, password) {
      await deps.signIn(email, password)
      // The sign-in answer has the role but not the permissions.
      const me = await deps.fetchMe()
      remember(me)
      loading = Promise.resolve()
      return me
    },
    async signOut() {
      try {
        await deps.signOut()
      } finally {
        remember(null)
        loading = Promise.resolve()
      }
    },
    forget() {
      remember(null)
      loading = Promise.resolve()
    },
  }
}

export const sessionKey: InjectionKey<SessionStore> = Symbol('session')

export function useSession(): SessionStore {
  const session = inject(sessionKey)
  if (!session) throw new Error('session was not provided')
  return session
}
