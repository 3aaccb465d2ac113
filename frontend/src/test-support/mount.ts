import { mount, flushPromises } from '@vue/test-utils'
import type { Component } from 'vue'

import type { Me } from '../api/auth'
import { createAppI18n, type AppLocale } from '../i18n'
import { createTestRouter } from '../router'
import { createSession, sessionKey, type SessionStore } from '../session/session'
import type { TenantConfig } from '../tenant/config'
import { createTenantState, tenantStateKey, type TenantState } from '../tenant/state'
import { demoTenant } from './fixtures'

export interface MountOptions {
  tenant?: TenantConfig
  locale?: AppLocale
  path?: string
  props?: Record<string, unknown>
  /** Who is signed in; null or absent for a visitor who is not. */
  me?: Me | null
  session?: SessionStore
}

/**
 * mountInShell mounts a component with everything the app provides: i18n,
 * a memory router (guarded, in the tenant's mode) at the given path, a ready
 * tenant and a session.
 */
export async function mountInShell(component: Component, options: MountOptions = {}) {
  const i18n = createAppI18n(options.locale ?? 'es-CL')
  const config = options.tenant ?? demoTenant
  const session = options.session ?? createSession({ me: options.me ?? null })
  const router = createTestRouter({ mode: config.mode, session })
  const tenant: TenantState = createTenantState()
  tenant.config = config
  tenant.status = 'ready'

  await router.push(options.path ?? '/')
  await router.isReady()

  const wrapper = mount(component, {
    props: options.props,
    attachTo: document.body,
    global: {
      plugins: [i18n, router],
      provide: { [tenantStateKey as symbol]: tenant, [sessionKey as symbol]: session },
    },
  })
  await flushPromises()
  return { wrapper, i18n, router, tenant, session }
}

/**
 * mountRoute renders whatever the router shows at path (layouts and all),
 * as the app's RouterView would.
 */
export async function mountRoute(path: string, options: Omit<MountOptions, 'path' | 'props'> = {}) {
  const host = { name: 'RouteHost', template: '<RouterView />' }
  return mountInShell(host, { ...options, path })
}

/** chooseFile puts a file into a file input and fires its change event. */
export async function chooseFile(input: DOMWrapperLike, file: File) {
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  await input.trigger('change')
}

interface DOMWrapperLike {
  element: Element
  trigger: (event: string) => Promise<void>
}
