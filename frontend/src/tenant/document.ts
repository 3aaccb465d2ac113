import { readableTextOn } from './colour'
import type { TenantConfig } from './config'

function setVariableIfMissing(root: HTMLElement, name: string, value: string) {
  if (!root.ownerDocument.defaultView?.getComputedStyle(root).getPropertyValue(name).trim()) {
    root.style.setProperty(name, value)
  }
}

/**
 * brandDocument fills in whatever branding the server did not already put in
 * the page: the brand variables, title, favicon and theme. A page rewritten
 * by the server is left as it is, so the first paint and the app agree.
 */
export function brandDocument(config: TenantConfig, doc: Document = document) {
  const root = doc.documentElement
  setVariableIfMissing(root, '--mf-primary', config.tenant_primary_color)
  setVariableIfMissing(root, '--mf-secondary', config.tenant_secondary_color)
  setVariableIfMissing(root, '--mf-on-primary', readableTextOn(config.tenant_primary_color))
  setVariableIfMissing(root, '--mf-on-secondary', readableTextOn(config.tenant_secondary_color))

  if (root.dataset.theme !== config.theme) root.dataset.theme = config.theme
  if (!doc.title) doc.title = config.tenant_name

  if (config.tenant_favicon && !doc.querySelector('link[rel~="icon"]')) {
    const link = doc.createElement('link')
    link.rel = 'icon'
    link.href = config.tenant_favicon
    doc.head.appendChild(link)
  }
}
