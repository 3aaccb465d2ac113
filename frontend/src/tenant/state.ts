import { computed, inject, reactive, type ComputedRef, type InjectionKey } from 'vue'

import type { TenantConfig } from './config'
import type { LoadedTenant } from './embedded'

export type TenantStatus = 'loading' | 'ready' | 'error'

/** TenantState is what the app knows about the tenant it is serving. */
export interface TenantState {
  status: TenantStatus
  config: TenantConfig | null
  error: unknown
}

export const tenantStateKey: InjectionKey<TenantState> = Symbol('tenant-state')

export function createTenantState(): TenantState {
  return reactive({ status: 'loading', config: null, error: null })
}

/**
 * loadTenantInto runs the loader and records its outcome in state. It never
 * throws: a failure becomes the error state the app shows.
 */
export async function loadTenantInto(
  state: TenantState,
  load: () => Promise<LoadedTenant>,
): Promise<LoadedTenant | null> {
  state.status = 'loading'
  state.error = null
  try {
    const loaded = await load()
    state.config = loaded.config
    state.status = 'ready'
    return loaded
  } catch (err) {
    state.config = null
    state.error = err
    state.status = 'error'
    return null
  }
}

export function useTenantState(): TenantState {
  const state = inject(tenantStateKey)
  if (!state) throw new Error('tenant state was not provided')
  return state
}

/**
 * useTenant gives components below the branded shell the loaded config; the
 * shell is only rendered once the tenant is ready.
 */
export function useTenant(): ComputedRef<TenantConfig> {
  const state = useTenantState()
  return computed(() => {
    if (!state.config) throw new Error('tenant config is not loaded')
    return state.config
  })
}
