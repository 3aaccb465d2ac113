import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'

import { describe, expect, it } from 'vitest'

import { auditActions } from '../api/audit'
import { ApiError, translateError } from '../api/client'
import { tenantRoles } from '../api/users'
import { imageRules } from '../branding/imageCheck'
import { platformRoutes, routes } from '../router/routes'
import { createAppI18n } from '.'

const srcDir = join(__dirname, '..')

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(vue|ts)$/.test(name) && !name.endsWith('.test.ts') ? [path] : []
  })
}

/** The message keys the code passes to t() as plain string literals. */
function literalKeys(): string[] {
  const keys = new Set<string>()
  for (const file of sourceFiles(srcDir)) {
    for (const match of readFileSync(file, 'utf8').matchAll(/\bte?\(\s*'([a-zA-Z][\w.-]*)'/g)) keys.add(match[1]!)
  }
  for (const route of [...routes, ...platformRoutes, ...routes.flatMap((route) => route.children ?? [])]) {
    if (route.meta?.nav) keys.add(route.meta.nav.label)
    if (route.meta?.settingsNav) keys.add(route.meta.settingsNav.label)
  }
  return [...keys].sort()
}

describe.each(['es-CL', 'en'] as const)('%s messages', (locale) => {
  const { te, t } = createAppI18n(locale).global

  it('have every key the code uses', () => {
    const keys = literalKeys()
    expect(keys.length).toBeGreaterThan(200)
    expect(keys.filter((key) => !te(key, locale))).toEqual([])
  })

  it('name every audit action, role and image problem', () => {
    const dynamic = [
      ...auditActions.map((action) => `audit.actions.${action}`),
      ...tenantRoles.flatMap((role) => [`roles.${role}`, `users.roleHints.${role}`]),
      'roles.platform_admin',
      ...['file_empty', 'unsupported_image_type', 'file_too_large'].map((code) => `branding.imageProblem.${code}`),
      ...Object.keys(imageRules).flatMap((kind) =>
        ['title', 'hint', 'usingDefault', 'current', 'choose', 'remove', 'removeTitle', 'removeBody', 'uploaded', 'removed'].map(
          (key) => `branding.${kind}.${key}`,
        ),
      ),
    ]
    expect(dynamic.filter((key) => !te(key, locale))).toEqual([])
  })

  it('render a literal @ in the email hint', () => {
    expect(t('fieldErrors.email')).toContain('@')
  })
})

describe('error texts', () => {
  // Every code in docs/api.md's error table.
  const contractCodes = [
    'bad_request', 'invalid_json', 'unauthenticated', 'invalid_credentials', 'token_invalid', 'session_revoked',
    'forbidden', 'csrf_failed', 'tenant_suspended', 'account_disabled', 'not_found', 'tenant_not_found',
    'user_not_found', 'api_key_not_found', 'host_not_found', 'tenant_exists', 'host_taken', 'member_exists',
    'already_exists', 'file_too_large', 'payload_too_large', 'unsupported_image_type', 'invalid_tenant',
    'invalid_host', 'host_reserved', 'last_host', 'invalid_user', 'weak_password', 'invalid_role', 'file_empty',
    'image_corrupt', 'last_admin', 'nothing_to_update', 'rate_limited', 'internal_error',
  ]

  it.each(contractCodes)('has a Spanish and an English text of its own for %s', (code) => {
    const unknownEs = translateError(new ApiError('???', 418), 'es-CL')
    const spanish = translateError(new ApiError(code, 418), 'es-CL')
    const english = translateError(new ApiError(code, 418), 'en')
    expect(spanish).not.toBe(unknownEs)
    expect(english).not.toBe(spanish)
  })
})
