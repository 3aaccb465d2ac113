/** The time zone of most malls on the platform, listed first. */
export const preferredTimeZone = 'America/Santiago'

/** supportedTimeZones asks the browser for the IANA zones it knows. */
export function supportedTimeZones(): string[] {
  try {
    const zones = Intl.supportedValuesOf('timeZone')
    if (zones.length) return zones
  } catch {
    // Older browsers lack supportedValuesOf.
  }
  return [preferredTimeZone, 'UTC']
}

/** orderTimeZones puts America/Santiago first and the rest in alphabetical order. */
export function orderTimeZones(zones: readonly string[]): string[] {
  const rest = [...new Set(zones)].filter((zone) => zone !== preferredTimeZone).sort()
  return [preferredTimeZone, ...rest]
}

function searchable(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[_/]+/g, ' ')
    .toLowerCase()
}

/**
 * filterTimeZones keeps the zones whose name contains every word of the query
 * ("santiago", "new york", "america/mex"), always keeping `selected` so the
 * current choice stays visible.
 */
export function filterTimeZones(zones: readonly string[], query: string, selected?: string): string[] {
  const words = searchable(query).split(/\s+/).filter(Boolean)
  const matching = zones.filter((zone) => {
    const name = searchable(zone)
    return words.every((word) => name.includes(word))
  })
  if (selected && !matching.includes(selected)) return [selected, ...matching]
  return matching
}
