import type { LocationQuery, LocationQueryRaw } from 'vue-router'

import type { AuditQuery } from '../../api/audit'

/** The audit filters as they appear in the page's address. */
export interface AuditFilters {
  action: string
  actor: string
  from: string
  to: string
  tenant: string
  page: number
}

export const emptyFilters = (): AuditFilters => ({ action: '', actor: '', from: '', to: '', tenant: '', page: 1 })

// Spanish names in the address, like the app's paths.
const keys = { action: 'accion', actor: 'actor', from: 'desde', to: 'hasta', tenant: 'centro', page: 'pagina' } as const

const isoDate = /^\d{4}-\d{2}-\d{2}$/

function first(value: LocationQuery[string] | undefined): string {
  const item = Array.isArray(value) ? value[0] : value
  return typeof item === 'string' ? item : ''
}

/** filtersFromQuery reads the filters from the route query, ignoring nonsense. */
export function filtersFromQuery(query: LocationQuery): AuditFilters {
  const page = Number.parseInt(first(query[keys.page]), 10)
  const from = first(query[keys.from])
  const to = first(query[keys.to])
  return {
    action: first(query[keys.action]),
    actor: first(query[keys.actor]).trim(),
    from: isoDate.test(from) ? from : '',
    to: isoDate.test(to) ? to : '',
    tenant: first(query[keys.tenant]),
    page: Number.isFinite(page) && page > 0 ? page : 1,
  }
}

/** filtersToQuery writes the non-empty filters into a route query. */
export function filtersToQuery(filters: AuditFilters): LocationQueryRaw {
  const query: LocationQueryRaw = {}
  if (filters.action) query[keys.action] = filters.action
  if (filters.actor.trim()) query[keys.actor] = filters.actor.trim()
  if (filters.from) query[keys.from] = filters.from
  if (filters.to) query[keys.to] = filters.to
  if (filters.tenant) query[keys.tenant] = filters.tenant
  if (filters.page > 1) query[keys.page] = String(filters.page)
  return query
}

export const auditPageSize = 50

/** toApiQuery turns the filters into the API's query parameters. */
export function toApiQuery(filters: AuditFilters): AuditQuery {
  return {
    action: filters.action || undefined,
    actor: filters.actor || undefined,
    from: filters.from || undefined,
    to: filters.to || undefined,
    tenant: filters.tenant || undefined,
    page: filters.page,
    per_page: auditPageSize,
  }
}
