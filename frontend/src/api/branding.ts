// The tenant admin's branding portal (docs/api.md, Branding).

import { api, expectRecord } from './client'

export interface Branding {
  name: string
  primary_color: string
  secondary_color: string
  theme: string
  locale: string
  timezone: string
  logo_url: string
  favicon_url: string
  custom_logo: boolean
  custom_favicon: boolean
  updated_at: string
  locales: string[]
  themes: string[]
}

export type BrandingChanges = Partial<
  Pick<Branding, 'name' | 'primary_color' | 'secondary_color' | 'theme' | 'locale' | 'timezone'>
>

export type BrandImageKind = 'logo' | 'favicon'

const base = '/api/v1/tenant/branding'

export async function getBranding(signal?: AbortSignal): Promise<Branding> {
  return expectRecord<Branding>(await api.get(base, { signal }))
}

export async function updateBranding(changes: BrandingChanges): Promise<Branding> {
  return expectRecord<Branding>(await api.patch(base, changes))
}

/** uploadBrandImage sends the file as the multipart field "file". */
export async function uploadBrandImage(kind: BrandImageKind, file: File): Promise<Branding> {
  const form = new FormData()
  form.append('file', file, file.name)
  return expectRecord<Branding>(await api.put(`${base}/${kind}`, form))
}

/** removeBrandImage goes back to the default monogram or favicon. */
export async function removeBrandImage(kind: BrandImageKind): Promise<Branding> {
  return expectRecord<Branding>(await api.delete(`${base}/${kind}`))
}
