// Error texts of the on-air screens: the codes of docs/on-air.md have their
// own texts under onAir.errors; other codes use the app's shared texts.

import { ApiError, translateError } from '../api/client'
import type { FormErrors } from '../forms/apiErrors'
import type { Translate } from './ruleText'

export interface ErrorWords {
  t: Translate
  te: (key: string) => boolean
  locale: string
}

/** onAirErrorText returns the user-facing text for a failed on-air request. */
export function onAirErrorText(error: unknown, words: ErrorWords): string {
  if (error instanceof ApiError) {
    const key = `onAir.errors.${error.code}`
    if (words.te(key)) return words.t(key)
  }
  return translateError(error, words.locale)
}

export interface OnAirFormOptions {
  /** The form's fields, named as in the request body. */
  fields: readonly string[]
  /** Error codes that belong to one field, e.g. player_exists to "name". */
  codeFields?: Record<string, string>
}

/**
 * onAirFormErrors maps a failed request onto a form: each field named in the
 * error's details gets a translated hint (never the server's English text),
 * a code tied to a field goes under it, the rest above the form.
 */
export function onAirFormErrors(error: unknown, options: OnAirFormOptions, words: ErrorWords): FormErrors {
  if (!(error instanceof ApiError)) return { fields: {}, form: onAirErrorText(error, words) }
  const fields: Record<string, string> = {}
  for (const key of Object.keys(error.details)) {
    if (!options.fields.includes(key)) continue
    const hint = `onAir.fieldErrors.${key}`
    fields[key] = words.te(hint) ? words.t(hint) : words.t('onAir.fieldErrors.invalid')
  }
  const codeField = options.codeFields?.[error.code]
  if (codeField && options.fields.includes(codeField)) fields[codeField] = onAirErrorText(error, words)
  if (Object.keys(fields).length === 0) return { fields, form: onAirErrorText(error, words) }
  return { fields, form: words.t('onAir.formSummary') }
}
