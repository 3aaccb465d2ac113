import { describe, expect, it } from 'vitest'

import { ApiError } from '../api/client'
import { createAppI18n } from '../i18n'
import { formErrorsFrom } from './apiErrors'

const { t, te } = createAppI18n('es-CL').global
const i18n = { t: (key: string) => t(key), te: (key: string) => te(key), locale: 'es-CL' }

describe('formErrorsFrom', () => {
  it('puts a translated hint under each field the server named', () => {
    const error = new ApiError('invalid_tenant', 422, 'invalid', {
      primary_color: 'must be a colour like #E91E63',
      name: 'too long',
    })

    const result = formErrorsFrom(error, { fields: ['name', 'primary_color', 'theme'] }, i18n)

    expect(result.fields).toEqual({
      primary_color: 'Usa un color en formato #RRGGBB.',
      name: 'Ingresa un nombre válido.',
    })
    expect(result.form).toBe('Revisa los campos marcados.')
    expect(JSON.stringify(result)).not.toContain('must be')
  })

  it('puts a field-bound code under its field', () => {
    const exists = formErrorsFrom(new ApiError('member_exists', 409), { fields: ['email'], codeFields: { member_exists: 'email' } }, i18n)
    expect(exists.fields.email).toBe('Esa persona ya es miembro de este centro comercial.')

    const weak = new ApiError('weak_password', 422, 'weak', { password: 'use at least 10 characters' })
    const result = formErrorsFrom(weak, { fields: ['email', 'password'], codeFields: { weak_password: 'password' } }, i18n)
    expect(result.fields).toEqual({ password: 'La contraseña es demasiado débil. Usa una más larga y difícil de adivinar.' })
  })

  it('maps a detail named differently by the server onto the form’s field', () => {
    const error = new ApiError('invalid_user', 422, 'invalid', { email: 'not an email' })
    const result = formErrorsFrom(error, { fields: ['admin_email'], aliases: { invalid_user: { email: 'admin_email' } } }, i18n)
    expect(result.fields.admin_email).toContain('correo válido')
  })

  it('shows the translated error on the form when no field is named', () => {
    const result = formErrorsFrom(new ApiError('last_admin', 422), { fields: ['role'] }, i18n)
    expect(result).toEqual({ fields: {}, form: 'Debe quedar al menos un administrador activo.' })
  })

  it('ignores details about fields the form does not have', () => {
    const result = formErrorsFrom(new ApiError('invalid_user', 422, 'x', { tenant: 'x' }), { fields: ['email'] }, i18n)
    expect(result).toEqual({ fields: {}, form: 'Algunos datos del usuario no son válidos.' })
  })

  it('handles errors that are not from the API', () => {
    expect(formErrorsFrom(new TypeError('boom'), { fields: [] }, i18n).form).toBe('Ocurrió un error inesperado.')
  })
})
