import { describe, expect, it } from 'vitest'

import { demoTenant } from '../test-support/fixtures'
import { InvalidTenantConfigError, parseTenantConfig } from './config'

describe('parseTenantConfig', () => {
  it('accepts the config the server sends', () => {
    expect(parseTenantConfig({ ...demoTenant })).toEqual(demoTenant)
  })

  it.each([
    ['a string', 'demo'],
    ['null', null],
    ['an array', [demoTenant]],
    ['a config without tenant_id', { ...demoTenant, tenant_id: '' }],
    ['a config without tenant_name', { ...demoTenant, tenant_name: '   ' }],
    ['a config with a named primary colour', { ...demoTenant, tenant_primary_color: 'red' }],
    ['a config with a short primary colour', { ...demoTenant, tenant_primary_color: '#fff' }],
  ])('rejects %s', (_name, value) => {
    expect(() => parseTenantConfig(value)).toThrow(InvalidTenantConfigError)
  })

  it.each([
    ['theme', { theme: 'sepia' }, { theme: 'light' }],
    ['locale', { locale: undefined }, { locale: 'es-CL' }],
    ['timezone', { timezone: 42 }, { timezone: 'America/Santiago' }],
    ['secondary colour', { tenant_secondary_color: 'blue' }, { tenant_secondary_color: '#4F46E5' }],
  ])('falls back to a neutral default for a bad %s', (_field, change, expected) => {
    expect(parseTenantConfig({ ...demoTenant, ...change })).toMatchObject(expected)
  })

  it('keeps the dark theme', () => {
    expect(parseTenantConfig({ ...demoTenant, theme: 'dark' }).theme).toBe('dark')
  })
})
