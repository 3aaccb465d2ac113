import { getTenantConfig } from '../api/client'
import { parseTenantConfig, type TenantConfig } from './config'

/** The id of the JSON script the server writes into index.html. */
export const embeddedScriptId = 'mediaflow-tenant'

export type TenantSource = 'embedded' | 'api'

export interface LoadedTenant {
  config: TenantConfig
  source: TenantSource
}

/**
 * readEmbeddedTenant returns the config the server embedded in the page, or
 * null when it is missing or unusable.
 */
export function readEmbeddedTenant(doc: Document = document): TenantConfig | null {
  const script = doc.getElementById(embeddedScriptId)
  const raw = script?.textContent?.trim()
  if (!raw) return null

  try {
    return parseTenantConfig(JSON.parse(raw))
  } catch (err) {
    console.warn('ignoring embedded tenant config', err)
    return null
  }
}

/**
 * loadTenantConfig prefers the embedded config and only asks the API when the
 * page carries none. Errors from the API propagate: there is no default brand.
 */
export async function loadTenantConfig(
  doc: Document = document,
  fetchConfig: () => Promise<TenantConfig> = getTenantConfig,
): Promise<LoadedTenant> {
  const embedded = readEmbeddedTenant(doc)
  if (embedded) return { config: embedded, source: 'embedded' }
  return { config: await fetchConfig(), source: 'api' }
}
