// The platform console's tenant management (docs/api.md, Platform console).

import { api, expectItems, expectRecord } from './client'
import type { Member } from './users'

export interface TenantHost {
  host: string
  primary: boolean
}

export interface PlatformTenant {
  id: number | string
  slug: string
  name: string
  status: 'active' | 'suspended' | string
  primary_color: string
  secondary_color: string
  theme: string
  locale: string
  timezone: string
  hosts: TenantHost[]
  users: number
  created_at: string
  updated_at: string
}

export interface NewTenant {
  slug: string
  name: string
  host: string
  primary_color?: string
  secondary_color?: string
  timezone?: string
  locale?: string
  admin_email: string
  admin_name?: string
  admin_password?: string
}

export interface CreatedTenant {
  tenant: PlatformTenant
  admin: Member
  temporary_password?: string
}

export type TenantChanges = Partial<
  Pick<PlatformTenant, 'name' | 'primary_color' | 'secondary_color' | 'theme' | 'locale' | 'timezone'>
>

const base = '/api/v1/platform/tenants'
const slugPath = (slug: string) => `${base}/${encodeURIComponent(slug)}`
const hostPath = (slug: string, host: string) => `${slugPath(slug)}/hosts/${encodeURIComponent(host)}`

export async function listTenants(signal?: AbortSignal): Promise<PlatformTenant[]> {
  return expectItems<PlatformTenant>(await api.get(base, { signal }))
}

export async function createTenant(tenant: NewTenant): Promise<CreatedTenant> {
  return expectRecord<CreatedTenant>(await api.post(base, { ...tenant }))
}

export async function getTenant(slug: string, signal?: AbortSignal): Promise<PlatformTenant> {
  return expectRecord<PlatformTenant>(await api.get(slugPath(slug), { signal }))
}

export async function updateTenant(slug: string, changes: TenantChanges): Promise<PlatformTenant> {
  return expectRecord<PlatformTenant>(await api.patch(slugPath(slug), changes))
}

export async function setTenantSuspended(slug: string, suspended: boolean): Promise<PlatformTenant> {
  const action = suspended ? 'suspend' : 'resume'
  return expectRecord<PlatformTenant>(await api.post(`${slugPath(slug)}/${action}`))
}

export async function addTenantHost(slug: string, host: string, primary = false): Promise<PlatformTenant> {
  return expectRecord<PlatformTenant>(await api.post(`${slugPath(slug)}/hosts`, { host, primary }))
}

export async function removeTenantHost(slug: string, host: string): Promise<PlatformTenant> {
  return expectRecord<PlatformTenant>(await api.delete(hostPath(slug, host)))
}

export async function makeHostPrimary(slug: string, host: string): Promise<PlatformTenant> {
  return expectRecord<PlatformTenant>(await api.post(`${hostPath(slug, host)}/primary`))
}

export async function listTenantMembers(slug: string, signal?: AbortSignal): Promise<Member[]> {
  return expectItems<Member>(await api.get(`${slugPath(slug)}/users`, { signal }))
}
