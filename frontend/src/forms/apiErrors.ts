// Turns a failed request into what a form shows: a message under each field
// the server named, and one message for the form when it named none.

import { ApiError, translateError } from '../api/client'

export interface FormErrors {
  fields: Record<string, string>
  form: string | null
}

export interface Translator {
  t: (key: string) => string
  te: (key: string) => boolean
  locale: string
}

export interface FormErrorOptions {
  /** The form's fields, named as in the request body. */
  fields: readonly string[]
  /** Error codes that belong to one field, e.g. member_exists to "email". */
  codeFields?: Record<string, string>
  /**
   * Per error code, detail keys that name a field differently, e.g. for
   * invalid_user the server's "email" is the form's "admin_email".
   */
  aliases?: Record<string, Record<string, string>>
}

export const noFormErrors = (): FormErrors => ({ fields: {}, form: null })

/**
 * formErrorsFrom maps an API error onto a form. Fields named in the error's
 * `details` get a translated hint for that field (the server's own text is
 * English and never shown); a code tied to a field puts the code's message
 * under it. Whatever lands on no field becomes the form's message.
 */
export function formErrorsFrom(error: unknown, options: FormErrorOptions, i18n: Translator): FormErrors {
  if (!(error instanceof ApiError)) return { fields: {}, form: translateError(error, i18n.locale) }

  const fields: Record<string, string> = {}
  const aliases = options.aliases?.[error.code] ?? {}
  for (const key of Object.keys(error.details)) {
    const field = aliases[key] ?? key
    if (!options.fields.includes(field)) continue
    const hint = `fieldErrors.${field}`
    fields[field] = i18n.te(hint) ? i18n.t(hint) : i18n.t('fieldErrors.invalid')
  }
  const codeField = options.codeFields?.[error.code]
  if (codeField && options.fields.includes(codeField)) {
    fields[codeField] = translateError(error, i18n.locale)
  }

  if (Object.keys(fields).length === 0) return { fields, form: translateError(error, i18n.locale) }
  return { fields, form: i18n.t('fieldErrors.summary') }
}
