// Members of the tenant and their sessions (docs/api.md, Users).

import { api, expectItems, expectRecord } from './client'

export const tenantRoles = ['admin', 'editor', 'operator', 'viewer'] as const
export type TenantRole = (typeof tenantRoles)[number]

export interface Member {
  id: number
  email: string
  name: string
  role: string
  disabled: boolean
  last_login_at: string | null
  created_at: string
}

export interface NewMember {
  email: string
  name: string
  role: string
  password?: string
}

export interface CreatedMember {
  member: Member
  temporary_password?: string
}

export type MemberChanges = Partial<Pick<Member, 'role' | 'disabled' | 'name'>>

export async function listMembers(signal?: AbortSignal): Promise<Member[]> {
  return expectItems<Member>(await api.get('/api/v1/users', { signal }))
}

export async function createMember(member: NewMember): Promise<CreatedMember> {
  return expectRecord<CreatedMember>(await api.post('/api/v1/users', { ...member }))
}

export async function updateMember(id: number, changes: MemberChanges): Promise<Member> {
  return expectRecord<Member>(await api.patch(`/api/v1/users/${id}`, changes))
}

export async function signOutMember(id: number): Promise<void> {
  await api.post(`/api/v1/users/${id}/sign-out`)
}

export async function signOutEveryone(): Promise<void> {
  await api.post('/api/v1/tenant/sign-out-everyone')
}
