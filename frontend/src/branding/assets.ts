/**
 * withVersion adds a v=<stamp> query parameter to an asset URL, so the
 * browser fetches an image again after it changed at the same address.
 */
export function withVersion(url: string, stamp: number | string): string {
  if (!url) return url
  const [path, hash = ''] = url.split('#', 2) as [string, string?]
  const [base, query = ''] = path.split('?', 2) as [string, string?]
  const params = new URLSearchParams(query)
  params.set('v', String(stamp))
  return `${base}?${params.toString()}${hash ? `#${hash}` : ''}`
}

/** setFavicon points the page's icon links at a new address. */
export function setFavicon(href: string, doc: Document = document) {
  const links = doc.querySelectorAll<HTMLLinkElement>('link[rel~="icon"]')
  if (links.length === 0) {
    const link = doc.createElement('link')
    link.rel = 'icon'
    link.href = href
    doc.head.appendChild(link)
    return
  }
  links.forEach((link) => link.setAttribute('href', href))
}
