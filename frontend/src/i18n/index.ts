import { createI18n, type I18n } from 'vue-i18n'

import en from './messages/en'
import esCL, { type MessageSchema } from './messages/es-CL'

export const supportedLocales = ['es-CL', 'en'] as const
export type AppLocale = (typeof supportedLocales)[number]

export const defaultLocale: AppLocale = 'es-CL'

/** The localStorage key that remembers the visitor's language choice. */
export const localeStorageKey = 'mediaflow.locale'

export type AppI18n = I18n<{ 'es-CL': MessageSchema; en: MessageSchema }, {}, {}, AppLocale, false>

/**
 * normalizeLocale maps a language tag to one the interface is written in:
 * any Spanish to es-CL, any English to en, anything else to null.
 */
export function normalizeLocale(tag: string | null | undefined): AppLocale | null {
  const lower = tag?.trim().toLowerCase() ?? ''
  if (lower === 'es' || lower.startsWith('es-')) return 'es-CL'
  if (lower === 'en' || lower.startsWith('en-')) return 'en'
  return null
}

function readStoredLocale(storage: Storage | undefined): AppLocale | null {
  try {
    return normalizeLocale(storage?.getItem(localeStorageKey))
  } catch {
    return null
  }
}

/** initialLocale is the visitor's saved choice, else the tenant's, else es-CL. */
export function initialLocale(tenantLocale: string | undefined, storage?: Storage): AppLocale {
  return readStoredLocale(storage) ?? normalizeLocale(tenantLocale) ?? defaultLocale
}

/** hasStoredLocale tells whether the visitor picked a language before. */
export function hasStoredLocale(storage?: Storage): boolean {
  return readStoredLocale(storage) !== null
}

export function createAppI18n(locale: AppLocale = defaultLocale): AppI18n {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: defaultLocale,
    messages: { 'es-CL': esCL, en },
  })
}

/** The active-locale ref of vue-i18n, global or from useI18n(). */
export interface LocaleRef {
  value: string
}

/** applyLocale switches the interface language and the page's lang attribute. */
export function applyLocale(current: LocaleRef, locale: AppLocale, doc: Document = document) {
  current.value = locale
  doc.documentElement.lang = locale
}

/** chooseLocale applies a language the visitor picked and remembers it. */
export function chooseLocale(current: LocaleRef, locale: AppLocale, storage?: Storage, doc?: Document) {
  applyLocale(current, locale, doc)
  try {
    storage?.setItem(localeStorageKey, locale)
  } catch {
    // Storage can be unavailable (private browsing, quota); the choice then
    // lasts for this page only.
  }
}
