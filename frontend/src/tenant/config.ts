// The tenant configuration the server embeds in index.html and also serves
// at GET /api/v1/config/tenant.

export type Theme = 'light' | 'dark'

/**
 * AppMode tells which app this host serves: a mall's own site, or the
 * platform console on PLATFORM_HOST.
 */
export type AppMode = 'tenant' | 'platform'

export interface TenantConfig {
  mode: AppMode
  tenant_id: string
  tenant_name: string
  tenant_logo: string
  tenant_primary_color: string
  tenant_secondary_color: string
  tenant_domain: string
  tenant_favicon: string
  app_version: string
  theme: Theme
  locale: string
  timezone: string
}

/** InvalidTenantConfigError reports a tenant payload that cannot be used. */
export class InvalidTenantConfigError extends Error {
  constructor(reason: string) {
    super(`invalid tenant config: ${reason}`)
    this.name = 'InvalidTenantConfigError'
  }
}

const hexColour = /^#[0-9a-f]{6}$/i

// Neutral colours for a platform console whose config lacks them. The
// console is MediaFlow's own, so there is no mall brand to get wrong.
const platformDefaults = { name: 'MediaFlow', primary: '#27272A', secondary: '#52525B' }

function text(record: Record<string, unknown>, key: string, fallback = ''): string {
  const value = record[key]
  return typeof value === 'string' ? value.trim() : fallback
}

/**
 * parseTenantConfig checks an untrusted value and returns a complete config.
 * Identity and brand colour are required: without them the app cannot show
 * the right brand, and it must never show somebody else's.
 */
export function parseTenantConfig(value: unknown): TenantConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidTenantConfigError('not an object')
  }
  const record = value as Record<string, unknown>
  if (record.mode === 'platform') return parsePlatformConfig(record)

  const id = text(record, 'tenant_id')
  const name = text(record, 'tenant_name')
  const primary = text(record, 'tenant_primary_color')
  if (!id) throw new InvalidTenantConfigError('tenant_id is missing')
  if (!name) throw new InvalidTenantConfigError('tenant_name is missing')
  if (!hexColour.test(primary)) {
    throw new InvalidTenantConfigError('tenant_primary_color is not a #RRGGBB colour')
  }

  const secondary = text(record, 'tenant_secondary_color')
  return {
    mode: 'tenant',
    tenant_id: id,
    tenant_name: name,
    tenant_logo: text(record, 'tenant_logo'),
    tenant_primary_color: primary,
    tenant_secondary_color: hexColour.test(secondary) ? secondary : primary,
    tenant_domain: text(record, 'tenant_domain'),
    tenant_favicon: text(record, 'tenant_favicon'),
    app_version: text(record, 'app_version'),
    theme: record.theme === 'dark' ? 'dark' : 'light',
    locale: text(record, 'locale') || 'es-CL',
    timezone: text(record, 'timezone') || 'America/Santiago',
  }
}

/** parsePlatformConfig reads the console's config, which names no tenant. */
function parsePlatformConfig(record: Record<string, unknown>): TenantConfig {
  const primary = text(record, 'tenant_primary_color')
  const secondary = text(record, 'tenant_secondary_color')
  const safePrimary = hexColour.test(primary) ? primary : platformDefaults.primary
  return {
    mode: 'platform',
    tenant_id: '',
    tenant_name: text(record, 'tenant_name') || platformDefaults.name,
    tenant_logo: text(record, 'tenant_logo'),
    tenant_primary_color: safePrimary,
    tenant_secondary_color: hexColour.test(secondary) ? secondary : platformDefaults.secondary,
    tenant_domain: text(record, 'tenant_domain'),
    tenant_favicon: text(record, 'tenant_favicon'),
    app_version: text(record, 'app_version'),
    theme: record.theme === 'dark' ? 'dark' : 'light',
    locale: text(record, 'locale') || 'es-CL',
    timezone: text(record, 'timezone') || 'America/Santiago',
  }
}
