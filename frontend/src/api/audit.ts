// The audit log of a tenant, or of the whole platform (docs/api.md, Audit log).

import { api, ApiError, clientErrorCodes, expectRecord } from './client'

/** Every action the server records, in the order the filter lists them. */
export const auditActions = [
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'auth.sign_out_everyone',
  'user.created',
  'user.added',
  'user.updated',
  'user.role_changed',
  'user.disabled',
  'user.enabled',
  'user.signed_out',
  'branding.updated',
  'branding.logo_changed',
  'branding.favicon_changed',
  'api_key.created',
  'api_key.revoked',
  'tenant.created',
  'tenant.updated',
  'tenant.suspended',
  'tenant.resumed',
  'host.added',
  'host.removed',
  'host.primary_changed',
] as const

/** Actions that only happen on the platform console, hidden from a tenant's filter. */
export const platformOnlyActions = new Set<string>([
  'tenant.created',
  'tenant.suspended',
  'tenant.resumed',
  'host.added',
  'host.removed',
  'host.primary_changed',
])

export interface AuditEntry {
  id: number
  at: string
  tenant_id: string
  actor: string
  action: string
  target: string
  ip: string
  details: Record<string, unknown>
}

export interface AuditQuery {
  action?: string
  actor?: string
  from?: string
  to?: string
  page?: number
  per_page?: number
  tenant?: string
}

export interface AuditPage {
  items: AuditEntry[]
  total: number
  page: number
  per_page: number
}

function parsePage(body: unknown, query: AuditQuery): AuditPage {
  const record = expectRecord<Record<string, unknown>>(body)
  if (!Array.isArray(record.items)) {
    throw new ApiError(clientErrorCodes.invalidResponse, 200, 'expected an audit page')
  }
  const items = record.items as AuditEntry[]
  return {
    items,
    total: typeof record.total === 'number' ? record.total : items.length,
    page: typeof record.page === 'number' ? record.page : (query.page ?? 1),
    per_page: typeof record.per_page === 'number' ? record.per_page : (query.per_page ?? 50),
  }
}

export async function listAudit(query: AuditQuery, signal?: AbortSignal): Promise<AuditPage> {
  const tenantQuery = { ...query }
  delete tenantQuery.tenant
  return parsePage(await api.get('/api/v1/audit', { query: { ...tenantQuery }, signal }), query)
}

export async function listPlatformAudit(query: AuditQuery, signal?: AbortSignal): Promise<AuditPage> {
  return parsePage(await api.get('/api/v1/platform/audit', { query: { ...query }, signal }), query)
}
