import { useI18n } from 'vue-i18n'

import type { ErrorWords } from './errors'
import type { RuleWords } from './ruleText'

/** OnAirWords is what the on-air helpers need from vue-i18n, in plain functions. */
export type OnAirWords = ErrorWords & RuleWords

/**
 * useOnAirWords wraps the component's i18n for the on-air helpers; locale
 * is read when used, so a language switch applies at once.
 */
export function useOnAirWords(): OnAirWords {
  const i18n = useI18n()
  return {
    t: (key, named) => (named ? i18n.t(key, named) : i18n.t(key)),
    te: (key) => i18n.te(key),
    get locale() {
      return i18n.locale.value
    },
  }
}
