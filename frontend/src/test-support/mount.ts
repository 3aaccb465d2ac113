import { mount, flushPromises } from '@vue/test-utils'
import type { Component } from 'vue'

import { createAppI18n, type AppLocale } from '../i18n'
import { createTestRouter } from '../router'
import type { TenantConfig } from '../tenant/config'
import { createTenantState, tenantStateKey, type TenantState } from '../tenant/state'
import { demoTenant } from './fixtures'

export interface MountOptions {
  tenant?: TenantConfig
  locale?: AppLocale
  path?: string
  props?: Record<string, unknown>
}

/**
 * mountInShell mounts a component with everything the app provides: i18n,
 * a memory router at the given path and a ready tenant.
 */
export async function mountInShell(component: Component, options: MountOptions = {}) {
  const i18n = createAppI18n(options.locale ?? 'es-CL')
  const router = createTestRouter()
  const tenant: TenantState = createTenantState()
  tenant.config = options.tenant ?? demoTenant
  tenant.status = 'ready'

  await router.push(options.path ?? '/')
  await router.isReady()

  const wrapper = mount(component, {
    props: options.props,
    attachTo: document.body,
    global: {
      plugins: [i18n, router],
      provide: { [tenantStateKey as symbol]: tenant },
    },
  })
  await flushPromises()
  return { wrapper, i18n, router, tenant }
}
