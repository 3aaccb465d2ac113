import './style.css'

import { createApp } from 'vue'

import App from './App.vue'
import { applyLocale, createAppI18n, hasStoredLocale, initialLocale, normalizeLocale } from './i18n'
import { createAppRouter } from './router'
import { browserStorage } from './storage'
import { brandDocument } from './tenant/document'
import { loadTenantConfig } from './tenant/embedded'
import { createTenantState, loadTenantInto, tenantStateKey } from './tenant/state'

const storage = browserStorage()
const tenant = createTenantState()

// The server writes the tenant's locale into <html lang>, so the first
// render already speaks the tenant's language unless the visitor chose one.
const startLocale = initialLocale(document.documentElement.lang, storage)
const i18n = createAppI18n(startLocale)
applyLocale(i18n.global.locale, startLocale)

createApp(App).use(i18n).use(createAppRouter()).provide(tenantStateKey, tenant).mount('#app')

const loaded = await loadTenantInto(tenant, () => loadTenantConfig())
if (loaded) {
  brandDocument(loaded.config)
  const tenantLocale = normalizeLocale(loaded.config.locale)
  if (!hasStoredLocale(storage) && tenantLocale) applyLocale(i18n.global.locale, tenantLocale)
}
