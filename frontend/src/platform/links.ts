/**
 * tenantUrl is the address of a mall's site on the given host, with this
 * page's scheme and port (the console and the malls share the server).
 */
export function tenantUrl(host: string, location: Pick<Location, 'protocol' | 'port'> = window.location): string {
  const port = location.port ? `:${location.port}` : ''
  return `${location.protocol}//${host}${port}/`
}

/**
 * slugFromName suggests an identifier for a mall from its name:
 * "Mall Barrio Independencia" gives "mall-barrio-independencia".
 */
export function slugFromName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '')
}
