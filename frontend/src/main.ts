import './style.css'

import { createApp } from 'vue'

import App from './App.vue'
import { applyLocale, createAppI18n, hasStoredLocale, initialLocale, normalizeLocale } from './i18n'
import { createAppRouter } from './router'
import { sendToSignInWhenExpired } from './session/expiry'
import { createSession, sessionKey } from './session/session'
import { browserStorage } from './storage'
import { brandDocument } from './tenant/document'
import { loadTenantConfig } from './tenant/embedded'
import { createTenantState, loadTenantInto, tenantStateKey } from './tenant/state'

const storage = browserStorage()
const tenant = createTenantState()
const session = createSession()

// The server writes the tenant's locale into <html lang>, so the first
// render already speaks the tenant's language unless the visitor chose one.
const startLocale = initialLocale(document.documentElement.lang, storage)
const i18n = createAppI18n(startLocale)
applyLocale(i18n.global.locale, startLocale)

// The config is embedded in the page, so this rarely waits; it decides
// whether this host serves a mall's site or the platform console.
const loaded = await loadTenantInto(tenant, () => loadTenantConfig())
if (loaded) {
  brandDocument(loaded.config)
  const tenantLocale = normalizeLocale(loaded.config.locale)
  if (!hasStoredLocale(storage) && tenantLocale) applyLocale(i18n.global.locale, tenantLocale)
} else {
  // A host that serves no tenant has nobody to sign in.
  session.forget()
}

const router = createAppRouter(undefined, { mode: loaded?.config.mode ?? 'tenant', session })
sendToSignInWhenExpired(session, router)

createApp(App)
  .use(i18n)
  .use(router)
  .provide(tenantStateKey, tenant)
  .provide(sessionKey, session)
  .mount('#app')
